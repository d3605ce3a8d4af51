import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Profile, User } from '../../src-shared/domain';
import type { ProfilesCreateInput } from '../../src-shared/contract/profiles';
import type { z } from 'zod';
import { conflict, notFound } from './errors';
import type { Migration } from './db/migrations';
import { openDatabase } from './db/open';
import { isoNow, newId } from './db/time';
import { UsersRepo } from './db/repos/users-repo';
import { ProfileStore } from './store';

const DB_FILE = 'coachframe.db';
const PROFILE_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Profiles are the users of this machine. Each has its own folder (`profiles/<user id>/`) with its
 * own database and media, so no query can ever mix two profiles' data.
 */
export class ProfileManager {
  readonly root: string;

  constructor(
    dataDir: string,
    private readonly migrations: readonly Migration[],
    private readonly now: () => number = Date.now,
  ) {
    this.root = join(dataDir, 'profiles');
    mkdirSync(this.root, { recursive: true });
  }

  dirOf(id: string): string {
    return join(this.root, id);
  }

  list(): Profile[] {
    return readdirSync(this.root)
      .filter((name) => PROFILE_DIR.test(name) && existsSync(join(this.root, name, DB_FILE)))
      .flatMap((id) => {
        const user = readProfileUser(join(this.root, id, DB_FILE));
        return user ? [{ user, dataDir: this.dirOf(id) }] : [];
      })
      .sort((a, b) => a.user.displayName.localeCompare(b.user.displayName));
  }

  /**
   * Creates a profile in a temporary folder and renames it into place when complete, so a crash
   * never leaves a half-made profile in the list.
   */
  create(input: z.output<typeof ProfilesCreateInput>, account?: { id: string }): Profile {
    if (this.list().some((p) => p.user.username.toLowerCase() === input.username.toLowerCase())) {
      throw conflict(`A profile named “${input.username}” already exists on this computer.`);
    }
    if (account && this.list().some((p) => p.user.id === account.id)) throw conflict('This account already has a profile on this computer.');
    const now = isoNow(this.now());
    const user: User = { id: account?.id ?? newId(), username: input.username, displayName: input.displayName, role: input.role, createdAt: now, updatedAt: now };
    const temp = join(this.root, `.creating-${randomBytes(6).toString('hex')}`);
    mkdirSync(temp);
    try {
      const db = openDatabase(join(temp, DB_FILE), this.migrations);
      try {
        db.transaction(() => {
          new UsersRepo(db).insert(user);
          db.prepare('INSERT INTO local_profile (singleton, user_id, sync_client_id) VALUES (1, ?, ?)').run(
            user.id,
            randomBytes(8).toString('hex'),
          );
        })();
        const store = new ProfileStore(db, temp, this.now);
        // The profile's own user record syncs when the profile registers with the cloud (an account's
        // profile pulls it instead).
        if (!account) store.write(() =>
          store.changes.upsert('user', user.id, {
            username: user.username, display_name: user.displayName, role: user.role, created_at: now, updated_at: now,
          }),
        );
        store.close();
      } finally {
        if (db.open) db.close();
      }
      renameSync(temp, this.dirOf(user.id));
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    return { user, dataDir: this.dirOf(user.id) };
  }

  open(id: string): ProfileStore {
    const file = join(this.dirOf(id), DB_FILE);
    if (!PROFILE_DIR.test(id) || !existsSync(file)) throw notFound('That profile');
    return new ProfileStore(openDatabase(file, this.migrations), this.dirOf(id), this.now);
  }
}

function readProfileUser(file: string): User | null {
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const row = db
        .prepare(
          `SELECT u.id, u.username, u.display_name AS displayName, u.role, u.created_at AS createdAt, u.updated_at AS updatedAt
             FROM local_profile p JOIN auth_user u ON u.id = p.user_id`,
        )
        .get() as User | undefined;
      return row ?? null;
    } finally {
      db.close();
    }
  } catch {
    // A profile that cannot be read (damaged, or from a newer app) is reported when opened, not listed.
    return null;
  }
}

