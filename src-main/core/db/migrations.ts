import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CoreError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files; numbering starts at 1 and has no gaps, or the app refuses to start. */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir);
  // A misnamed migration (e.g. kebab-case) would otherwise be skipped without a word.
  const misnamed = files.filter((file) => file.endsWith('.sql') && !FILE.test(file));
  if (misnamed.length > 0) throw new Error(`migrations: ${misnamed.join(', ')} must be named NNNN_lowercase_words.sql`);
  const migrations = files
    .map((file) => ({ file, match: FILE.exec(file) }))
    .filter((m): m is { file: string; match: RegExpExecArray } => m.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations: expected ${String(i + 1).padStart(4, '0')}_*.sql, found ${m.version}`);
  });
  if (migrations.length === 0) throw new Error(`migrations: none found in ${dir}`);
  return migrations;
}

export const newerSchemaError = (found: number, known: number) =>
  new CoreError(
    'unavailable',
    `This profile was last opened by a newer version of Coachframe (database version ${found}, this app knows ${known}). Update Coachframe to open it.`,
  );

export const schemaVersion = (db: Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Applies every pending migration in one transaction, so a crash leaves the old version intact.
 * `upTo` stops early: migration tests migrate to N-1, seed, then migrate to N.
 */
export function migrate(db: Database, migrations: readonly Migration[], upTo = migrations.length): number {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw newerSchemaError(current, migrations.length);
  }
  const pending = migrations.filter((m) => m.version > current && m.version <= upTo);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${pending.at(-1)!.version}`);
  })();
  return schemaVersion(db);
}
