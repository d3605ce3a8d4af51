import type { MediaKind } from '../../src-shared/api';
import type { ChannelCallInput, ChannelName, ChannelOutput } from '../../src-shared/contract';
import type { EventName, Events } from '../../src-shared/contract/events';
import type { AppErrorShape, ErrorCode, Result } from '../../src-shared/result';

export type FieldIssue = NonNullable<AppErrorShape['issues']>[number];

/** A channel's failure as the UI handles it: branch on `code`, show `message` (written for a person). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly FieldIssue[];

  constructor(code: ErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }
}

const UNREACHABLE = 'Coachframe could not reach its data just now. Try again in a moment.';

/** Calls a channel and unwraps its result: the output, or a thrown `ApiError`. Byte channels take `[header, bytes]`. */
export async function call<C extends ChannelName>(channel: C, input: ChannelCallInput<C>): Promise<ChannelOutput<C>> {
  let result: Result<ChannelOutput<C>>;
  try {
    result = await window.api.invoke(channel, input);
  } catch {
    // The bridge itself failed (the web host went away, a window is closing): not the channel's answer.
    throw new ApiError('unavailable', UNREACHABLE);
  }
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, result.error.message, result.error.issues ?? []);
}

/** Listens to a push event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.api.on(event, listener);
}

export function mediaUrl(assetId: string, kind: MediaKind): string {
  return window.api.mediaUrl(assetId, kind);
}

/** Where a picked or dropped file lives, when the shell can say (Electron); null in a browser. */
export function filePath(file: File): string | null {
  return window.api.filePath(file);
}

/** Whether the shell has the system's Save dialog (the desktop app); in a browser a path is typed. */
export function hasSaveDialog(): boolean {
  return window.api.hasSaveDialog;
}

/** The system's Save dialog for an .mp4: the chosen path, or null when cancelled. */
export function chooseSavePath(title: string, defaultPath: string): Promise<string | null> {
  return window.api.chooseSavePath({ title, defaultPath, kind: 'mp4' }).catch(() => null);
}

/** What to tell a person about a failure: an ApiError's own words, or a calm generic sentence. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
