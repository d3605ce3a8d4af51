import type { ChannelInput, ChannelName, ChannelOutput } from './contract';
import type { EventName, Events } from './contract/events';
import type { Result } from './result';

export type MediaKind = 'original' | 'poster' | 'proxy';

/**
 * What the renderer sees as `window.api`, installed by Electron's preload or by the web host's client
 * script. The renderer cannot tell which.
 */
export interface Api {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** A URL a <video> or <img> can load, on the app's own origin in either shell. */
  mediaUrl(assetId: string, kind: MediaKind): string;
}
