import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';
import { loadMigrations, schemaVersion, type Migration } from '../../src-main/core/db/migrations';
import { openDatabase } from '../../src-main/core/db/open';
import { MIGRATIONS_DIR } from './world';

/**
 * One migration test in Signal Desktop's style: migrate a file to N-1, seed it with what users have
 * at N-1, migrate to N, assert what they have now. The author of migration N adds one of these.
 */
export interface MigrationCase {
  /** The migration under test (its number N). */
  version: number;
  /** What the case shows, as the test's title. */
  title: string;
  /** Fills the database as it stands at version N-1 (raw SQL: the repositories speak the latest schema). */
  seed(db: Database): void;
  /** What must hold once migration N ran. */
  check(db: Database): void;
}

export const shippedMigrations = (): Migration[] => loadMigrations(MIGRATIONS_DIR);

/** Runs one case on a real file (WAL and all), with `migrations` as the app would load them. */
export function runMigrationCase(c: MigrationCase, migrations: readonly Migration[] = shippedMigrations()): void {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-migration-'));
  const file = join(dir, 'coachframe.db');
  try {
    const before = openDatabase(file, migrations, { upTo: c.version - 1 });
    try {
      expect(schemaVersion(before), 'version before the migration').toBe(c.version - 1);
      c.seed(before);
    } finally {
      before.close();
    }
    const after = openDatabase(file, migrations, { upTo: c.version });
    try {
      expect(schemaVersion(after), 'version after the migration').toBe(c.version);
      c.check(after);
    } finally {
      after.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
