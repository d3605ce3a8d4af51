import { z } from 'zod';
import { channel } from './channel';

export const appChannels = {
  /**
   * A bug report's worth of facts as text: versions, settings without secrets, and the last log lines,
   * all redacted (no tokens, e-mail addresses or home paths). Help → Copy Diagnostics copies it.
   */
  'app.diagnostics': channel({ input: z.object({}), output: z.object({ text: z.string() }), noProfile: true }),
};
