import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { loadMigrations } from '../core/db/migrations';
import { openDatabase } from '../core/db/open';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/**
 * The cloud's own tables, next to the desktop's schema. Idempotent: run on every start.
 *
 * The desktop's tables (auth_user, exercises_exercise, …) are a mirror of the live records: the cloud
 * writes them so the same CHECKs, UNIQUEs, triggers and foreign keys hold here as on every desktop, and
 * so visibility is the same SQL. `cloud_records` is what pull returns: every synced field with the stamp
 * of its last write, untouched by the mirror's triggers (an `updated_at` touch never reaches a client).
 */
export const CLOUD_SCHEMA = `
CREATE TABLE IF NOT EXISTS cloud_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS cloud_credentials (
  user_id       TEXT PRIMARY KEY REFERENCES auth_user(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  password_salt TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;

-- Only the SHA-256 of a token is kept: a copy of this file signs nobody in.
CREATE TABLE IF NOT EXISTS cloud_tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS cloud_invites (
  code       TEXT PRIMARY KEY,
  coach      TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  used_by    TEXT REFERENCES auth_user(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS cloud_records (
  entity   TEXT NOT NULL,
  id       TEXT NOT NULL,
  fields   TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
  deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  -- For a tombstone: the users who could see the record just before it was deleted.
  audience TEXT CHECK (audience IS NULL OR (json_valid(audience) AND json_type(audience) = 'array')),
  -- Global change order; pull pages through it. Unique so a page boundary never splits a tie.
  seq      INTEGER NOT NULL,
  PRIMARY KEY (entity, id)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS idx_cloud_records_seq ON cloud_records(seq);

-- A sync client (one per desktop profile) belongs to the first user who pushed with it.
CREATE TABLE IF NOT EXISTS cloud_clients (
  client_id        TEXT PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  last_mutation_id INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The first answer to every mutation, so a retry gets the same answer (exactly-once).
CREATE TABLE IF NOT EXISTS cloud_results (
  client_id   TEXT NOT NULL,
  mutation_id INTEGER NOT NULL,
  answer      TEXT NOT NULL CHECK (json_valid(answer)),
  PRIMARY KEY (client_id, mutation_id)
) STRICT, WITHOUT ROWID;

-- Bytes read back from storage and found to be what was promised.
CREATE TABLE IF NOT EXISTS cloud_objects (
  owner       TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  verified_at TEXT NOT NULL,
  PRIMARY KEY (owner, sha256)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS cloud_uploads (
  id           TEXT PRIMARY KEY,
  owner        TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  size         INTEGER NOT NULL,
  mime         TEXT NOT NULL,
  -- NULL: one presigned PUT; otherwise the storage's multipart upload id.
  s3_upload_id TEXT,
  parts        TEXT NOT NULL CHECK (json_valid(parts) AND json_type(parts) = 'array'),
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS idx_cloud_uploads_owner ON cloud_uploads(owner, sha256);
`;

export interface OpenCloudDbOptions {
  dataDir: string;
  migrationsDir?: string;
}

/** `<dataDir>/cloud.db`: the desktop's migrations (so its invariants hold here too), then the cloud's tables. */
export function openCloudDatabase(options: OpenCloudDbOptions): Database {
  mkdirSync(options.dataDir, { recursive: true });
  const migrations = loadMigrations(options.migrationsDir ?? join(REPO_ROOT, 'migrations'));
  const db = openDatabase(join(options.dataDir, 'cloud.db'), migrations);
  try {
    db.exec(CLOUD_SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
