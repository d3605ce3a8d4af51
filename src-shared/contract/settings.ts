import { z } from 'zod';
import { Uuid } from '../primitives';
import { channel } from './channel';

/** App-wide settings: the same for every profile on this computer. */
export const AppSettings = z.object({
  /** The last profile opened, reopened on launch. */
  lastProfileId: Uuid.nullable(),
  theme: z.enum(['dark', 'light', 'system']),
  defaultComparisonLayout: z.enum(['side-by-side', 'stacked', 'overlay', 'wipe']),
  proxyQuality: z.enum(['540p', '720p']),
});
export type AppSettings = z.infer<typeof AppSettings>;

const HttpUrl = z
  .string()
  .trim()
  .max(500)
  .url('must be a web address')
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

/** Settings of one profile: where it syncs, and when. */
export const ProfileSettings = z.object({
  cloudUrl: HttpUrl.nullable(),
  cloudAccount: z.string().max(200).nullable(),
  syncEnabled: z.boolean(),
  syncOnMetered: z.boolean(),
});
export type ProfileSettings = z.infer<typeof ProfileSettings>;

export const SettingsView = z.object({
  app: AppSettings,
  /** The open profile's settings; null before a profile is open. */
  profile: ProfileSettings.nullable(),
  /** How secrets (cloud tokens) are kept here: the OS keychain, or (web host) a file only you can read. */
  secretsProtection: z.enum(['os-keychain', 'file-permissions']),
  dataDir: z.string(),
});

export const settingsChannels = {
  'settings.get': channel({ input: z.object({}), output: SettingsView, noProfile: true }),
  'settings.set': channel({
    input: z.object({
      app: AppSettings.omit({ lastProfileId: true }).partial().optional(),
      profile: ProfileSettings.partial().optional(),
    }),
    output: SettingsView,
    noProfile: true,
  }),
};
