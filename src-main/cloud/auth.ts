import { createHash, randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import type { z } from 'zod';
import type { AuthResponse, CloudUser, InviteResponse as InviteResponseSchema, JoinResponse as JoinResponseSchema, RegisterRequest, TokenRequest } from '../../src-shared/cloud';

type InviteResponse = z.output<typeof InviteResponseSchema>;
type JoinResponse = z.output<typeof JoinResponseSchema>;
import { HttpError } from './http';
import type { CloudContext } from './context';
import { bumpEverythingVisibleTo } from './roster-visibility';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 64;
const INVITE_DAYS = 7;
const INVITE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: 'coach' | 'student';
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const toCloudUser = (row: UserRow): CloudUser => ({ id: row.id, username: row.username, displayName: row.display_name, role: row.role });

function issueToken(ctx: CloudContext, userId: string): string {
  const token = randomBytes(32).toString('base64url');
  ctx.db.prepare('INSERT INTO cloud_tokens (token_sha256, user_id, created_at) VALUES (?, ?, ?)').run(tokenHash(token), userId, ctx.clock.nowIso());
  return token;
}

/** `POST /api/auth/register`: a profile made offline keeps its UUID, so nothing it made needs a new id. */
export async function register(ctx: CloudContext, body: z.output<typeof RegisterRequest>): Promise<AuthResponse> {
  const salt = randomBytes(16);
  // Hash before the transaction: scrypt is slow on purpose and must not hold the database.
  const hash = await scryptAsync(body.password, salt, KEY_LENGTH);
  return ctx.db.transaction((): AuthResponse => {
    if (ctx.db.prepare('SELECT 1 FROM auth_user WHERE id = ?').get(body.id)) {
      throw new HttpError('username-taken', 'This profile is already registered with the cloud: sign in instead.');
    }
    if (ctx.db.prepare('SELECT 1 FROM auth_user WHERE username = ?').get(body.username)) {
      throw new HttpError('username-taken', `The username “${body.username}” is taken: choose another.`);
    }
    const now = ctx.clock.nowIso();
    ctx.db
      .prepare('INSERT INTO auth_user (id, username, display_name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(body.id, body.username, body.displayName, body.role, now, now);
    ctx.db
      .prepare('INSERT INTO cloud_credentials (user_id, password_hash, password_salt, created_at) VALUES (?, ?, ?, ?)')
      .run(body.id, hash.toString('base64'), salt.toString('base64'), now);
    const hlc = ctx.clock.stamp();
    ctx.records.write('user', body.id, {
      username: { value: body.username, hlc },
      display_name: { value: body.displayName, hlc },
      role: { value: body.role, hlc },
      created_at: { value: now, hlc },
      updated_at: { value: now, hlc },
    });
    const user: CloudUser = { id: body.id, username: body.username, displayName: body.displayName, role: body.role };
    return { token: issueToken(ctx, body.id), user };
  })();
}

/** `POST /api/auth/token`. Wrong credentials say nothing about which part was wrong. */
export async function signIn(ctx: CloudContext, body: z.output<typeof TokenRequest>): Promise<AuthResponse> {
  const row = ctx.db
    .prepare(
      `SELECT u.id, u.username, u.display_name, u.role, c.password_hash, c.password_salt
       FROM auth_user u JOIN cloud_credentials c ON c.user_id = u.id WHERE u.username = ?`,
    )
    .get(body.username) as (UserRow & { password_hash: string; password_salt: string }) | undefined;
  // Unknown users cost a hash too, so timing does not tell which usernames exist.
  const salt = row ? Buffer.from(row.password_salt, 'base64') : randomBytes(16);
  const hash = await scryptAsync(body.password, salt, KEY_LENGTH);
  if (!row || !timingSafeEqual(hash, Buffer.from(row.password_hash, 'base64'))) {
    throw new HttpError('unauthorized', 'Wrong username or password.');
  }
  if (body.profileId !== undefined && body.profileId !== row.id) {
    throw new HttpError(
      'identity-mismatch',
      `The account “${row.username}” belongs to another profile: a local profile cannot be signed in to another account. Sign in from a new profile, or register this one under a new username.`,
    );
  }
  return { token: issueToken(ctx, row.id), user: toCloudUser(row) };
}

/** The user a bearer token belongs to, or 401. */
export function authenticate(ctx: CloudContext, req: IncomingMessage): CloudUser {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_\-.~+/=]{20,200})$/.exec(header);
  if (!match) throw new HttpError('unauthorized', 'Sign in first: this call needs a bearer token.');
  const row = ctx.db
    .prepare('SELECT u.id, u.username, u.display_name, u.role FROM cloud_tokens t JOIN auth_user u ON u.id = t.user_id WHERE t.token_sha256 = ?')
    .get(tokenHash(match[1]!)) as UserRow | undefined;
  if (!row) throw new HttpError('unauthorized', 'This sign-in is not valid any more: sign in again.');
  return toCloudUser(row);
}

/** `POST /api/roster/invites` (coach): a single-use code, valid for a week. */
export function createInvite(ctx: CloudContext, actor: CloudUser): InviteResponse {
  if (actor.role !== 'coach') throw new HttpError('forbidden', 'Only a coach can invite students.');
  const expiresAt = new Date(ctx.now() + INVITE_DAYS * 24 * 3600_000).toISOString();
  for (;;) {
    const pick = () => Array.from({ length: 4 }, () => INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)]).join('');
    const code = `${pick()}-${pick()}`;
    const inserted = ctx.db
      .prepare('INSERT INTO cloud_invites (code, coach, expires_at, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING')
      .run(code, actor.id, expiresAt, ctx.clock.nowIso());
    if (inserted.changes === 1) return { code, expiresAt };
  }
}

/**
 * `POST /api/roster/join` (student). Adds the roster row and re-sends everything either party can now
 * see: records that were filtered out of earlier pulls sit below their cursors, so they get new seqs.
 */
export function joinRoster(ctx: CloudContext, actor: CloudUser, code: string): JoinResponse {
  if (actor.role !== 'student') throw new HttpError('forbidden', 'Only a student can join a coach’s roster.');
  return ctx.db.transaction((): JoinResponse => {
    const invite = ctx.db.prepare('SELECT coach, expires_at, used_by FROM cloud_invites WHERE code = ?').get(code) as
      | { coach: string; expires_at: string; used_by: string | null }
      | undefined;
    const usable = invite && invite.expires_at > ctx.clock.nowIso() && (invite.used_by === null || invite.used_by === actor.id);
    if (!invite || !usable) throw new HttpError('not-found', 'This invite code is unknown, used or expired: ask your coach for a new one.');
    const coach = ctx.db.prepare('SELECT id, username, display_name, role FROM auth_user WHERE id = ?').get(invite.coach) as UserRow;
    ctx.db.prepare('UPDATE cloud_invites SET used_by = ? WHERE code = ?').run(actor.id, code);
    const existing = ctx.db.prepare('SELECT id FROM coaching_roster WHERE coach = ? AND student = ?').pluck().get(coach.id, actor.id) as
      | string
      | undefined;
    if (existing) return { coach: toCloudUser(coach), rosterId: existing };
    const rosterId = randomUUID();
    const now = ctx.clock.nowIso();
    ctx.db.prepare('INSERT INTO coaching_roster (id, coach, student, created_at) VALUES (?, ?, ?, ?)').run(rosterId, coach.id, actor.id, now);
    bumpEverythingVisibleTo(ctx, [coach.id, actor.id], () => {
      const hlc = ctx.clock.stamp();
      ctx.records.write('roster', rosterId, { coach: { value: coach.id, hlc }, student: { value: actor.id, hlc }, created_at: { value: now, hlc } });
    });
    return { coach: toCloudUser(coach), rosterId };
  })();
}
