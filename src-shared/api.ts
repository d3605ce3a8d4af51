import type { ChannelCallInput, ChannelName, ChannelOutput } from './contract';
import type { EventName, Events } from './contract/events';
import type { Result } from './result';

/**
 * What `mediaUrl` can point at: the original bytes, the proxy that plays in their place, a poster, a
 * filmstrip — all by asset id — or, by job id, the file a finished comparison export wrote.
 */
export const MEDIA_KINDS = ['original', 'proxy', 'poster', 'filmstrip', 'export'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** A DOM `File` as src-shared may name it (it sees no DOM types). */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
}
export const isMediaKind = (value: string): value is MediaKind => (MEDIA_KINDS as readonly string[]).includes(value);

/**
 * What the system's Save dialog is asked for: its title, the file it proposes (a full path), and the
 * kind of file. Main checks it (electron/ipc.ts): the renderer is not trusted with what it asks the OS
 * to show.
 */
export interface SaveDialogRequest {
  title: string;
  defaultPath: string;
  kind: 'mp4';
}

/**
 * What the renderer sees as `window.api`, installed by Electron's preload or by the web host's client
 * script. The renderer cannot tell which.
 */
export interface Api {
  /** Byte channels (recording chunks, dropped files) take `[header, bytes]`. */
  invoke<C extends ChannelName>(channel: C, input: ChannelCallInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** A URL a <video> or <img> can load, on the app's own origin in either shell. */
  mediaUrl(assetId: string, kind: MediaKind): string;
  /**
   * The real path of a file the user picked or dropped, where the shell can know it (Electron); null
   * where it cannot (a browser), and the renderer sends the file's bytes instead.
   */
  filePath(file: PickedFile): string | null;
  /** Whether the shell has the system's Save dialog (Electron); in a browser the person types a path. */
  readonly hasSaveDialog: boolean;
  /** Shows the system's Save dialog: the chosen absolute path, or null when cancelled (or without one). */
  chooseSavePath(request: SaveDialogRequest): Promise<string | null>;
}
