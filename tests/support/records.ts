import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { Result } from '../../src-shared/result';
import type { ErrorCode } from '../../src-shared/result';
import { iso, remote, type World } from './world';

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The issue's clip identity: SHA-256 of `<source checksum>:<start ms>:<end ms>:<mode>`, integer ms. */
export const clipHash = (sourceChecksum: string, startSec: number, endSec: number, mode: 'fast' | 'precise') =>
  sha256Hex(`${sourceChecksum}:${Math.round(startSec * 1000)}:${Math.round(endSec * 1000)}:${mode}`);

/** A clip record as sync would deliver it, cut from `source` (whose checksum the hash is made of). */
export function remoteClip(
  world: World,
  owner: string,
  source: string,
  startSec: number,
  endSec: number,
  options: { mode?: 'fast' | 'precise'; duration?: number; hash?: string; id?: string; clipAsset?: string | null } = {},
) {
  const checksum = world.store.assets.get(source)?.checksum_sha256 ?? '0'.repeat(64);
  const mode = options.mode ?? 'fast';
  return remote(
    'clip',
    {
      owner, original_video: source, clip_asset: options.clipAsset ?? null, clip_hash: options.hash ?? clipHash(checksum, startSec, endSec, mode),
      mode, start_time: startSec, end_time: endSec, duration: options.duration ?? endSec - startSec, size_bytes: null,
      created_at: iso(), updated_at: iso(),
    },
    options.id ?? randomUUID(),
  );
}

/** Every table of the store: a snapshot of their row counts shows that a refused write left nothing. */
export const ALL_TABLES = [
  'auth_user', 'coaching_roster', 'core_videoasset', 'core_videoclip', 'exercises_exercise', 'submissions_submission',
  'submission_attempts', 'comparisons_comparison', 'comparison_alignment', 'comments_videocomment', 'feedback_read',
  'tags_tag', 'content_tags', 'votes_helpfulvote', 'sync_outbox', 'sync_field_clock', 'sync_record_state',
] as const;

export function rowCounts(db: Database): Record<string, number> {
  return Object.fromEntries(ALL_TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

/** `INSERT INTO table (keys) VALUES (...)` for one row given as an object. */
export function insertRow(db: Database, table: string, row: Record<string, unknown>) {
  const cols = Object.keys(row);
  return db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
}

/** Runs `fn`, expecting SQLite to refuse it with a constraint error; returns the error's code. */
export function constraintError(fn: () => unknown): string {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the database accepted a write that breaks a rule').toBeInstanceOf(Error);
  const code = String((caught as { code?: unknown }).code);
  expect(code).toMatch(/^SQLITE_CONSTRAINT/);
  return code;
}

/**
 * Expects a channel's refusal with `code` and a message written for a person: not a database error
 * leaking through, and not the dispatcher's generic fallback for a rule the service forgot to check.
 */
export function expectRefusal(result: Result<unknown>, code: ErrorCode): string {
  expect(result.ok, `expected ${code}, got a success`).toBe(false);
  if (result.ok) return '';
  expect(result.error.code).toBe(code);
  const message = result.error.message;
  expect(message.length).toBeGreaterThan(10);
  expect(message).not.toMatch(/SQLITE|constraint|Error:|at \w+ \(/);
  expect(message).not.toMatch(/^That already exists\.$|would break a rule of your data/);
  return message;
}

/** Files (not folders) under a directory, relative paths; [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** A valid asset row for direct SQL inserts (bytes elsewhere); override a column to break one rule. */
export const sqlAssetRow = (owner: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: randomUUID(), owner, orig_filename: 'take.mp4', mime_type: 'video/mp4', size_bytes: 1000,
  checksum_sha256: sha256Hex(randomUUID()), video_type: 'upload', local_state: 'remote', created_at: iso(), updated_at: iso(),
  ...over,
});

/** A valid clip row for direct SQL inserts, cut from `source` (checksum `sourceChecksum`). */
export const sqlClipRow = (owner: string, source: string, sourceChecksum: string, over: Record<string, unknown> = {}): Record<string, unknown> => {
  const start = (over['start_time'] as number | undefined) ?? 1;
  const end = (over['end_time'] as number | undefined) ?? 2.5;
  const mode = (over['mode'] as 'fast' | 'precise' | undefined) ?? 'fast';
  return {
    id: randomUUID(), owner, original_video: source, clip_hash: clipHash(sourceChecksum, start, end, mode), mode,
    start_time: start, end_time: end, duration: end - start, created_at: iso(), updated_at: iso(),
    ...over,
  };
};
