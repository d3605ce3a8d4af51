import { channels, isChannelName, type ChannelName } from '../../src-shared/contract';
import { fail, ok, type Result } from '../../src-shared/result';
import { CoreError } from './errors';
import { assetHandlers } from './services/assets';
import { mediaHandlers } from './services/media';
import { commentHandlers } from './services/comments';
import { comparisonHandlers } from './services/comparisons';
import { exerciseHandlers } from './services/exercises';
import type { DomainHandlers } from './services/handlers';
import { stackHandlers } from './services/stack';
import { submissionHandlers } from './services/submissions';
import { tagHandlers } from './services/tags';
import type { Session } from './store';

/** Channels the core answers itself, with or without an open profile. */
const PROFILE_CHANNELS = ['profiles.list', 'profiles.create', 'profiles.switch', 'profiles.current', 'profiles.export', 'profiles.import', 'settings.get', 'settings.set', 'app.diagnostics',
  'sync.status', 'sync.register', 'sync.signIn', 'sync.signInNewProfile', 'sync.signOut', 'sync.now', 'sync.pause', 'sync.resume',
  'sync.createInvite', 'sync.joinRoster', 'sync.download', 'sync.offload'] as const;
export type ProfileChannel = (typeof PROFILE_CHANNELS)[number];
type SessionChannel = Exclude<ChannelName, ProfileChannel>;

export const isProfileChannel = (c: ChannelName): c is ProfileChannel => (PROFILE_CHANNELS as readonly string[]).includes(c);

/** Every profile-bound channel's handler, merged from the domains: the compiler checks none is missing. */
const sessionHandlers: DomainHandlers<SessionChannel> = {
  ...stackHandlers,
  ...exerciseHandlers,
  ...submissionHandlers,
  ...commentHandlers,
  ...comparisonHandlers,
  ...tagHandlers,
  ...assetHandlers,
  ...mediaHandlers,
};
export const SESSION_CHANNELS = Object.keys(sessionHandlers);

export function runSessionHandler(channel: ChannelName, input: unknown, session: Session, bytes?: Uint8Array): unknown {
  const handler = sessionHandlers[channel as SessionChannel] as (input: unknown, session: Session, bytes?: Uint8Array) => unknown;
  if (channels[channel].bytes && !bytes) throw new CoreError('bad-input', 'This request needs its data sent as bytes.');
  return handler(input, session, bytes);
}

export interface InvokeOptions {
  run(channel: ChannelName, input: unknown): unknown;
  checkOutputs: boolean;
  log(level: 'warn' | 'error', message: string, error?: unknown): void;
}

/**
 * The one way into a handler: the payload is validated against the channel's schema, the handler
 * runs, and every outcome becomes a result envelope. Nothing thrown ever reaches a shell.
 */
export async function invokeChannel(channel: string, payload: unknown, options: InvokeOptions): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return fail('bad-input', `There is no channel named “${channel.slice(0, 80)}”.`);
  const spec = channels[channel];
  // A call without a payload means "no arguments"; an explicit null is a malformed payload like any other.
  const parsed = spec.input.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    return fail('bad-input', first ? `${first.path || 'input'}: ${first.message}` : 'The request was not valid.', issues);
  }
  try {
    const value = await options.run(channel, parsed.data);
    if (options.checkOutputs) {
      const checked = spec.output.safeParse(value);
      if (!checked.success) throw new Error(`${channel}: output breaks the contract: ${checked.error.message}`);
    }
    return ok(value);
  } catch (error) {
    return toFailure(channel, error, options.log);
  }
}

/**
 * Runs a profile-bound channel as `session.actor`. The shells act as the profile's user; tests use
 * this to act as each user of a shared database (a coach's profile holds their students' records).
 */
export function invokeAs(session: Session, channel: string, payload: unknown, checkOutputs = true, bytes?: Uint8Array): Promise<Result<unknown>> {
  return invokeChannel(channel, payload, {
    run: (name, input) => {
      if (isProfileChannel(name)) throw new CoreError('bad-input', 'Profile channels are not bound to a user.');
      return runSessionHandler(name, input, session, bytes);
    },
    checkOutputs,
    log: () => undefined,
  });
}

function toFailure(channel: string, error: unknown, log: InvokeOptions['log']): Result<never> {
  if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    // A rule the service should have checked first: the data is safe, but the log says so.
    log('warn', `${channel}: constraint reached the database`, error);
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
      ? fail('conflict', 'That already exists.')
      : fail('bad-input', 'That change would break a rule of your data; nothing was saved.');
  }
  log('error', `${channel} failed`, error);
  return fail('internal', 'Something went wrong on our side; nothing was changed. Try again, and report it if it keeps happening.');
}
