import { z } from 'zod';
import { Profile, User } from '../domain';
import { Name, Role, Uuid } from '../primitives';
import { channel } from './channel';

export const ProfilesCreateInput = z.object({
  username: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(40, 'must be at most 40 characters')
    .regex(/^[a-zA-Z0-9._-]+$/, 'may use letters, digits, dot, dash and underscore only'),
  displayName: Name(80),
  role: Role,
});

const ArchivePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path');

export const profilesChannels = {
  'profiles.list': channel({ input: z.object({}), output: z.array(Profile), noProfile: true }),
  'profiles.create': channel({ input: ProfilesCreateInput, output: Profile, noProfile: true }),
  'profiles.switch': channel({ input: z.object({ id: Uuid }), output: Profile, noProfile: true }),
  'profiles.current': channel({ input: z.object({}), output: Profile.nullable(), noProfile: true }),
  /** Writes a profile to one verified archive (database snapshot, media, manifest of checksums). */
  'profiles.export': channel({
    input: z.object({ id: Uuid, path: ArchivePath }),
    output: z.object({ path: z.string(), bytes: z.number().int(), files: z.number().int() }),
    noProfile: true,
  }),
  /** Adds a profile from an archive, after checking every file; does not switch to it. */
  'profiles.import': channel({ input: z.object({ path: ArchivePath }), output: Profile, noProfile: true }),
};

export const rosterChannels = {
  'roster.list': channel({
    input: z.object({}),
    output: z.array(z.object({ user: User, since: z.string() })),
  }),
};
