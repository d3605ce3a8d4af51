import { z } from 'zod';
import { Submission, SubmissionDetail } from '../domain';
import { Uuid } from '../primitives';
import { channel } from './channel';

export const submissionsChannels = {
  'submissions.list': channel({ input: z.object({ exercise: Uuid }), output: z.array(SubmissionDetail) }),
  'submissions.create': channel({ input: z.object({ exercise: Uuid, videoAsset: Uuid }), output: Submission }),
  'submissions.resubmit': channel({ input: z.object({ id: Uuid, videoAsset: Uuid }), output: Submission }),
  'submissions.setStatus': channel({
    input: z.object({ id: Uuid, status: z.enum(['reviewed', 'needs_work']) }),
    output: Submission,
  }),
  'submissions.delete': channel({ input: z.object({ id: Uuid }), output: z.object({ deleted: z.literal(true) }) }),
};
