/**
 * The one error vocabulary every channel speaks. The renderer branches on `code`, shows `message`
 * (written for a person), and never sees a stack trace.
 */
export const ERROR_CODES = [
  'bad-input',
  'not-found',
  'forbidden',
  'conflict',
  'no-profile',
  'ffmpeg-missing',
  'ffmpeg-failed',
  'unsupported-media',
  'cancelled',
  'offline',
  'unavailable',
  'too-large',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Field-level problems for `bad-input`: path → message. */
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: AppErrorShape['issues']): Result<never> =>
  issues ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
