import { z } from 'zod';
import { Role, Uuid } from '../primitives';
import { InviteCode } from '../cloud';
import { Profile } from '../domain';
import { channel } from './channel';

const CloudUrl = z
  .string()
  .trim()
  .max(500)
  .url('must be a web address')
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');
const Password = z.string().min(8, 'must be at least 8 characters').max(200);

/** What the sync indicator shows: always one of these, with numbers while it works. */
export const SyncStatus = z.object({
  /** `off`: this profile is not signed in to a cloud; the app works fully without one. */
  state: z.enum(['off', 'idle', 'syncing', 'offline', 'paused', 'error']),
  account: z.object({ cloudUrl: z.string(), username: z.string() }).nullable(),
  /** Local changes not yet in the cloud. */
  pending: z.number().int(),
  /** The phase in progress, with item and byte counts, while syncing. */
  progress: z
    .object({
      phase: z.enum(['uploading', 'pushing', 'pulling', 'downloading']),
      done: z.number().int(),
      total: z.number().int(),
      bytesDone: z.number(),
      bytesTotal: z.number(),
    })
    .nullable(),
  lastSyncedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** When the next automatic try is due after a failure (ms since the epoch). */
  retryAt: z.number().nullable(),
  /** What the user should know: records renamed or refused, with reasons (newest first). */
  notices: z.array(z.string()),
  /** Records the cloud refused or that could not be stored here. */
  failures: z.array(z.object({ entity: z.string(), id: z.string(), state: z.enum(['rejected', 'conflict']), message: z.string() })),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const syncChannels = {
  'sync.status': channel({ input: z.object({}), output: SyncStatus, noProfile: true }),
  /** Registers the open profile (its own id, name and role) with a cloud and starts syncing. */
  'sync.register': channel({ input: z.object({ cloudUrl: CloudUrl, password: Password }), output: SyncStatus, noProfile: true }),
  /** Signs the open profile in to its existing account (the account's id must be the profile's). */
  'sync.signIn': channel({
    input: z.object({ cloudUrl: CloudUrl, username: z.string().trim().min(1).max(150), password: Password }),
    output: SyncStatus,
    noProfile: true,
  }),
  /** A new device: makes a profile for an existing account (its id, name and role), opens it, and pulls its data. */
  'sync.signInNewProfile': channel({
    input: z.object({ cloudUrl: CloudUrl, username: z.string().trim().min(1).max(150), password: Password }),
    output: Profile,
    noProfile: true,
  }),
  'sync.signOut': channel({ input: z.object({}), output: SyncStatus, noProfile: true }),
  'sync.now': channel({ input: z.object({}), output: SyncStatus, noProfile: true }),
  'sync.pause': channel({ input: z.object({}), output: SyncStatus, noProfile: true }),
  'sync.resume': channel({ input: z.object({}), output: SyncStatus, noProfile: true }),
  /** A coach's invite code for a student to join their roster. */
  'sync.createInvite': channel({ input: z.object({}), output: z.object({ code: InviteCode, expiresAt: z.string() }), noProfile: true }),
  /** A student joins a coach's roster with the coach's code. */
  'sync.joinRoster': channel({
    input: z.object({ code: z.string().trim().toUpperCase().pipe(InviteCode) }),
    output: z.object({ coach: z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: Role }) }),
    noProfile: true,
  }),
  /** Frees the disk space of an original the cloud holds; posters and proxy stay, and opening it downloads it again. */
  'sync.offload': channel({ input: z.object({ assetId: Uuid }), output: z.object({ freedBytes: z.number().int() }), noProfile: true }),
  /** Fetches an asset's bytes now (opening a video that is only in the cloud). */
  'sync.download': channel({ input: z.object({ assetId: Uuid }), output: z.object({ started: z.boolean() }), noProfile: true }),
};
