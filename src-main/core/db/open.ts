import { existsSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { CoreError } from '../errors';
import { migrate, newerSchemaError, schemaVersion, type Migration } from './migrations';

export interface OpenOptions {
  /** Stop at this migration (tests only). */
  upTo?: number;
}

/**
 * Opens (creating if needed) a profile database: refuses a damaged file or one from a newer app
 * without writing to it, then sets the connection pragmas and applies pending migrations.
 */
export function openDatabase(file: string, migrations: readonly Migration[], options: OpenOptions = {}): Database {
  if (file !== ':memory:' && existsSync(file)) inspectReadOnly(file, migrations.length);
  const db = new BetterSqlite3(file);
  try {
    configure(db);
    migrate(db, migrations, options.upTo);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function configure(db: Database): void {
  if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // In WAL mode NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL');
}

function inspectReadOnly(file: string, known: number): void {
  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CoreError('unavailable', `The profile database could not be opened (${(error as Error).message}). The file was left as it is.`);
  }
  try {
    let verdict: string;
    try {
      verdict = String(db.pragma('quick_check', { simple: true }));
    } catch (error) {
      verdict = (error as Error).message;
    }
    if (verdict !== 'ok') {
      throw new CoreError(
        'unavailable',
        `The profile database is damaged (${verdict}). It was left untouched; restore it from a backup or export.`,
      );
    }
    const version = schemaVersion(db);
    if (version > known) {
      throw newerSchemaError(version, known);
    }
  } finally {
    db.close();
  }
}
