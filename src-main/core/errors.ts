import type { AppErrorShape, ErrorCode } from '../../src-shared/result';

/**
 * The one error type services throw. Its message is written for the person using the app; `dispatch`
 * turns it into a result envelope. Anything else thrown is a bug and reaches the renderer as `internal`.
 */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: AppErrorShape['issues'],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export const badInput = (message: string, path?: string) =>
  new CoreError('bad-input', message, path ? [{ path, message }] : undefined);
export const notFound = (what: string) => new CoreError('not-found', `${what} was not found.`);
export const forbidden = (message: string) => new CoreError('forbidden', message);
export const conflict = (message: string) => new CoreError('conflict', message);
