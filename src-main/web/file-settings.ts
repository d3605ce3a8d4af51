import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DEFAULT_APP_SETTINGS,
  DEFAULT_PROFILE_SETTINGS,
  type AppSettings,
  type ProfileSettings,
  type SecretStore,
  type Settings,
} from '../core/ports';

/** Writes a file under a temporary name in the same folder, then renames it over the old one. */
function writeAtomic(file: string, text: string, mode: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode, flush: true });
  renameSync(temp, file);
}

function readJson<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

interface SettingsFile {
  app: Partial<AppSettings>;
  profiles: Record<string, Partial<ProfileSettings>>;
}

/** The web host's settings: one JSON file in the data folder. (The product uses electron-store.) */
export class FileSettings implements Settings {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json');
  }

  getApp(): AppSettings {
    return { ...DEFAULT_APP_SETTINGS, ...this.read().app };
  }
  setApp(patch: Partial<AppSettings>): AppSettings {
    const data = this.read();
    data.app = { ...data.app, ...patch };
    this.write(data);
    return this.getApp();
  }
  getProfile(profileId: string): ProfileSettings {
    return { ...DEFAULT_PROFILE_SETTINGS, ...this.read().profiles[profileId] };
  }
  setProfile(profileId: string, patch: Partial<ProfileSettings>): ProfileSettings {
    const data = this.read();
    data.profiles[profileId] = { ...data.profiles[profileId], ...patch };
    this.write(data);
    return this.getProfile(profileId);
  }

  private read(): SettingsFile {
    const data = readJson<Partial<SettingsFile>>(this.file, {});
    return { app: data.app ?? {}, profiles: data.profiles ?? {} };
  }
  private write(data: SettingsFile): void {
    writeAtomic(this.file, JSON.stringify(data, null, 2), 0o644);
  }
}

/**
 * The web host's secrets: a file only its owner can read (0600). NOT encrypted — the web host is a
 * developer tool and says so when it starts; the product keeps secrets with Electron's safeStorage.
 */
export class FileSecretStore implements SecretStore {
  readonly protection = 'file-permissions' as const;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
  }

  async get(key: string): Promise<string | null> {
    return this.read()[key] ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.write({ ...this.read(), [key]: value });
  }
  async delete(key: string): Promise<void> {
    const data = this.read();
    delete data[key];
    this.write(data);
  }

  private read(): Record<string, string> {
    return readJson<Record<string, string>>(this.file, {});
  }
  private write(data: Record<string, string>): void {
    writeAtomic(this.file, JSON.stringify(data), 0o600);
    chmodSync(this.file, 0o600);
  }
}
