import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, schemaVersion } from '../../../src-main/core/db/migrations';
import { openDatabase } from '../../../src-main/core/db/open';
import { Core } from '../../../src-main/core/core';
import { MemorySecrets, MIGRATIONS_DIR, makeCore } from '../../support/world';
import { runMigrationCase, shippedMigrations, type MigrationCase } from '../../support/migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coachframe-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const names = (db: Database, type: 'table' | 'index') =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as { name: string }[]).map((r) => r.name);
const columns = (db: Database, table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
const indexColumns = (db: Database, index: string) => (db.pragma(`index_info(${index})`) as { name: string }[]).map((c) => c.name);
const readOnly = (file: string) => new BetterSqlite3(file, { readonly: true, fileMustExist: true });

/** The nine AUV tables with the seed's columns (users with the issue's), and what the store adds around them. */
const SEED_COLUMNS: Record<string, string[]> = {
  auth_user: ['id', 'username', 'display_name', 'role', 'created_at', 'updated_at'],
  core_videoasset: [
    'id', 'orig_filename', 'storage_path', 'mime_type', 'size_bytes', 'checksum_sha256', 'poster_path', 'renditions', 'youtube_url',
    'video_type', 'duration_sec', 'width', 'height', 'processing_status', 'processing_error', 'processed_at', 'is_valid',
    'last_validated', 'validation_errors', 'access_count', 'last_accessed', 'created_at', 'updated_at',
  ],
  core_videoclip: [
    'id', 'original_video', 'clip_hash', 'start_time', 'end_time', 'duration', 'storage_path', 'size_bytes', 'processing_status',
    'processing_error', 'processed_at', 'created_at', 'updated_at',
  ],
  exercises_exercise: ['id', 'name', 'description', 'video_asset', 'created_by', 'created_at', 'updated_at'],
  comments_videocomment: ['id', 'exercise', 'author', 'text', 'video_asset', 'created_at', 'updated_at'],
  submissions_submission: ['id', 'student', 'exercise', 'video_asset', 'submitted_at', 'status'],
  comparisons_comparison: ['id', 'student', 'exercise', 'original_video', 'feedback_video', 'compared_at', 'duration_seconds'],
  tags_tag: ['id', 'name', 'created_at'],
  content_tags: ['id', 'content_type', 'content_id', 'tag_id', 'created_at'],
  votes_helpfulvote: ['id', 'voter', 'comment', 'is_helpful', 'voted_at'],
};
const OTHER_TABLES = [
  'coaching_roster', 'submission_attempts', 'comparison_alignment', 'feedback_read',
  'local_profile', 'sync_outbox', 'sync_field_clock', 'sync_record_state',
];
/** The seed's indexes, by name, with the columns each must lead with. */
const SEED_INDEXES: Record<string, string[]> = {
  idx_core_videoasset_mime_type: ['mime_type'],
  idx_core_videoasset_processing_status: ['processing_status'],
  idx_core_videoasset_created_at: ['created_at'],
  idx_core_videoclip_clip_hash: ['clip_hash'],
  idx_core_videoclip_original_video_start_end: ['original_video', 'start_time', 'end_time'],
  idx_core_videoclip_processing_status: ['processing_status'],
  idx_core_videoclip_created_at: ['created_at'],
  idx_exercises_exercise_created_by: ['created_by'],
  idx_exercises_exercise_created_at: ['created_at'],
  idx_comments_videocomment_exercise: ['exercise'],
  idx_comments_videocomment_author: ['author'],
  idx_comments_videocomment_created_at: ['created_at'],
};

/** Tables 0002 adds for the sync client. */
const SYNC_CLIENT_TABLES = ['sync_state', 'sync_upload', 'sync_upload_part', 'sync_uploaded'];

function assertLatestSchema(db: Database, version = 3): void {
  const tables = names(db, 'table');
  expect(tables).toEqual(expect.arrayContaining([...Object.keys(SEED_COLUMNS), ...OTHER_TABLES, ...(version >= 2 ? SYNC_CLIENT_TABLES : [])]));
  for (const [table, cols] of Object.entries(SEED_COLUMNS)) expect(columns(db, table), table).toEqual(expect.arrayContaining(cols));
  const indexes = names(db, 'index');
  for (const [index, cols] of Object.entries(SEED_INDEXES)) {
    expect(indexes, index).toContain(index);
    expect(indexColumns(db, index).slice(0, cols.length), index).toEqual(cols);
  }
  // Every table of ours is STRICT: a wrong type is refused, not stored.
  const loose = (db.pragma('table_list') as { name: string; schema: string; strict: number }[])
    .filter((t) => t.schema === 'main' && !t.name.startsWith('sqlite_') && t.strict !== 1)
    .map((t) => t.name);
  expect(loose).toEqual([]);
}

/**
 * One case per migration, in Signal's style: the author of migration N adds a case that seeds the
 * database at N-1 and checks it after N. A test below fails until every migration has its case.
 */
const CASES: MigrationCase[] = [
  {
    version: 1,
    title: '0001 creates the whole store in an empty file',
    seed(db) {
      expect(names(db, 'table')).toEqual([]);
    },
    check(db) {
      assertLatestSchema(db, 1);
      // …and it takes a world: a coach, her student, an exercise with its video.
      const coach = randomUUID();
      const student = randomUUID();
      const video = randomUUID();
      db.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, 'dana', 'Dana', 'coach'), (?, 'alex', 'Alex', 'student')").run(coach, student);
      db.prepare('INSERT INTO coaching_roster (id, coach, student) VALUES (?, ?, ?)').run(randomUUID(), coach, student);
      db.prepare("INSERT INTO core_videoasset (id, owner, orig_filename, mime_type, local_state) VALUES (?, ?, 'serve.mp4', 'video/mp4', 'remote')").run(video, coach);
      db.prepare("INSERT INTO exercises_exercise (id, name, video_asset, created_by) VALUES (?, 'Serve', ?, ?)").run(randomUUID(), video, coach);
      expect(db.prepare('SELECT name, processing_status FROM exercises_exercise JOIN core_videoasset v ON v.id = video_asset').get())
        .toEqual({ name: 'Serve', processing_status: 'pending' });
    },
  },
  {
    version: 2,
    title: '0002 adds the sync client’s state beside a profile that already has data and an outbox',
    seed(db) {
      const user = randomUUID();
      db.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, 'dana', 'Dana', 'coach')").run(user);
      db.prepare("INSERT INTO local_profile (singleton, user_id, sync_client_id) VALUES (1, ?, '0123456789abcdef')").run(user);
      db.prepare("INSERT INTO sync_outbox (client_id, entity, op, record_id, fields) VALUES ('0123456789abcdef', 'user', 'upsert', ?, '{}')").run(user);
    },
    check(db) {
      assertLatestSchema(db);
      // Pull starts from the beginning; the outbox written before is still there to push.
      expect(db.prepare('SELECT pull_cursor, last_sync_at FROM sync_state').all()).toEqual([{ pull_cursor: '', last_sync_at: null }]);
      expect(db.prepare('SELECT count(*) AS n FROM sync_outbox').get()).toEqual({ n: 1 });
      // A part belongs to its upload: forgetting the upload forgets its parts.
      const sha = 'a'.repeat(64);
      db.prepare("INSERT INTO sync_upload (sha256, upload_id, size, part_size) VALUES (?, 'u1', 20, 10)").run(sha);
      db.prepare("INSERT INTO sync_upload_part (sha256, number, size, md5, etag) VALUES (?, 1, 10, 'm', 'e')").run(sha);
      db.prepare('DELETE FROM sync_upload WHERE sha256 = ?').run(sha);
      expect(db.prepare('SELECT count(*) AS n FROM sync_upload_part').get()).toEqual({ n: 0 });
      expect(() => db.prepare('INSERT INTO sync_state (singleton) VALUES (2)').run()).toThrow(/CHECK/);
    },
  },
  {
    version: 3,
    title: '0003 indexes what an idle sync pass asks, so it does not walk the library',
    seed(db) {
      const user = randomUUID();
      db.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, 'dana', 'Dana', 'coach')").run(user);
    },
    check(db) {
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan("SELECT id FROM core_videoasset WHERE local_state = 'remote' AND checksum_sha256 IS NOT NULL ORDER BY created_at DESC LIMIT 10"))
        .toContain('idx_core_videoasset_remote');
      expect(plan("SELECT entity FROM sync_record_state WHERE state IN ('rejected', 'conflict') ORDER BY updated_at DESC LIMIT 50"))
        .toContain('idx_sync_record_state_problems');
    },
  },
];

describe('migrations, one case each (migrate to N-1, seed, migrate to N, assert)', () => {
  it('every shipped migration has its case', () => {
    expect(CASES.map((c) => c.version)).toEqual(shippedMigrations().map((m) => m.version));
  });
  for (const c of CASES) it(c.title, () => runMigrationCase(c));

  it('the helper carries a seeded database across a later migration (a stand-in 0002)', () => {
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(migrationsDir, '0001_init.sql'));
    writeFileSync(join(migrationsDir, '0002_exercise_level.sql'), "ALTER TABLE exercises_exercise ADD COLUMN level TEXT NOT NULL DEFAULT 'beginner';\n");
    const user = randomUUID();
    runMigrationCase(
      {
        version: 2,
        title: '0002 gives every exercise a level',
        seed(db) {
          db.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, 'alex', 'Alex', 'student')").run(user);
          db.prepare("INSERT INTO exercises_exercise (id, name, created_by) VALUES (?, 'Footwork', ?)").run(randomUUID(), user);
        },
        check(db) {
          expect(db.prepare('SELECT name, level FROM exercises_exercise').all()).toEqual([{ name: 'Footwork', level: 'beginner' }]);
        },
      },
      loadMigrations(migrationsDir),
    );
  });
});

describe('opening a database', () => {
  it('migrates a fresh file to the latest version, with every table and the seed’s indexes', () => {
    const file = join(dir, 'fresh.db');
    const db = openDatabase(file, shippedMigrations());
    try {
      expect(schemaVersion(db)).toBe(shippedMigrations().length);
      assertLatestSchema(db);
    } finally {
      db.close();
    }
    // Opening it again changes nothing.
    const again = openDatabase(file, shippedMigrations());
    expect(schemaVersion(again)).toBe(shippedMigrations().length);
    again.close();
  });

  it('sets WAL, foreign keys and a busy timeout on every open', async () => {
    const file = join(dir, 'pragmas.db');
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(file, shippedMigrations());
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    }
    // A profile's connection, as the app opens it.
    const harness = makeCore();
    try {
      const created = await harness.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, { shell: 'web' });
      expect(created.ok).toBe(true);
      const db = harness.core.store().db;
      expect([db.pragma('journal_mode', { simple: true }), db.pragma('foreign_keys', { simple: true })]).toEqual(['wal', 1]);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    } finally {
      harness.dispose();
    }
  });

  it('applies pending migrations all or nothing: a broken 0002 leaves the file at version 1', () => {
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(migrationsDir, '0001_init.sql'));
    const file = join(dir, 'profile.db');
    const v1 = openDatabase(file, loadMigrations(migrationsDir));
    const user = randomUUID();
    v1.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, 'alex', 'Alex', 'student')").run(user);
    v1.close();

    writeFileSync(
      join(migrationsDir, '0002_broken.sql'),
      'CREATE TABLE added_by_0002 (x INTEGER) STRICT;\nALTER TABLE exercises_exercise ADD COLUMN level TEXT;\nCREATE INDEX idx_nothing ON no_such_table(x);\n',
    );
    expect(() => openDatabase(file, loadMigrations(migrationsDir))).toThrow(/no_such_table/);
    const after = readOnly(file);
    try {
      expect(schemaVersion(after)).toBe(1);
      expect(names(after, 'table')).not.toContain('added_by_0002');
      expect(columns(after, 'exercises_exercise')).not.toContain('level');
      expect(after.prepare('SELECT username FROM auth_user').all()).toEqual([{ username: 'alex' }]);
    } finally {
      after.close();
    }
  });

  it('applies every pending migration in one transaction: a good 0002 does not stick when 0003 fails', () => {
    const migrationsDir = join(dir, 'migrations');
    mkdirSync(migrationsDir);
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(migrationsDir, '0001_init.sql'));
    writeFileSync(join(migrationsDir, '0002_good.sql'), 'CREATE TABLE added_by_0002 (x INTEGER) STRICT;\n');
    writeFileSync(join(migrationsDir, '0003_broken.sql'), 'THIS IS NOT SQL;\n');
    const file = join(dir, 'fresh.db');
    // From an empty file: not even 0001 sticks.
    expect(() => openDatabase(file, loadMigrations(migrationsDir))).toThrow();
    const after = readOnly(file);
    try {
      expect(schemaVersion(after)).toBe(0);
      expect(names(after, 'table')).toEqual([]);
    } finally {
      after.close();
    }
  });

  it('refuses a database from a newer app with a clear message, leaving the file byte-identical', async () => {
    const file = join(dir, 'future.db');
    openDatabase(file, shippedMigrations()).close();
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 99');
    raw.close();
    const bytes = readFileSync(file);

    let refusal: unknown;
    try {
      openDatabase(file, shippedMigrations());
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/newer version of Coachframe.*99/) });
    expect((refusal as Error).message).toMatch(/Update Coachframe/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a profile from a newer app through the app too: no crash, the file untouched', async () => {
    const harness = makeCore();
    try {
      const created = await harness.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, { shell: 'web' });
      if (!created.ok) throw new Error(created.error.message);
      const profile = created.value as { user: { id: string }; dataDir: string };
      harness.core.close();
      const file = join(profile.dataDir, 'coachframe.db');
      const raw = new BetterSqlite3(file);
      raw.pragma('user_version = 42');
      raw.close();
      const bytes = readFileSync(file);

      // A new launch cannot reopen it: the picker shows, and switching says why.
      const warnings: string[] = [];
      const core = new Core({ dataDir: harness.dataDir, migrationsDir: MIGRATIONS_DIR, settings: harness.settings, secrets: new MemorySecrets(), log: (_l, m) => warnings.push(m) });
      try {
        expect(await core.dispatch('profiles.current', {}, { shell: 'web' })).toEqual({ ok: true, value: null });
        expect(warnings.join('\n')).toMatch(/could not reopen/);
        const switched = await core.dispatch('profiles.switch', { id: profile.user.id }, { shell: 'web' });
        expect(switched).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/newer version/) } });
      } finally {
        core.close();
      }
      expect(readFileSync(file).equals(bytes)).toBe(true);
    } finally {
      harness.dispose();
    }
  });

  it('refuses a damaged database with a clear message and leaves it untouched', () => {
    const file = join(dir, 'damaged.db');
    const db = openDatabase(file, shippedMigrations());
    const user = randomUUID();
    db.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, 'alex', 'Alex', 'student')").run(user);
    for (let i = 0; i < 200; i++) {
      db.prepare("INSERT INTO exercises_exercise (id, name, description, created_by) VALUES (?, ?, ?, ?)").run(randomUUID(), `Exercise ${i}`, 'x'.repeat(200), user);
    }
    db.close();
    // Garbage over every page but the first (the header and the schema's root survive).
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length).toBeGreaterThan(pageSize * 4);
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(file, bytes);

    expect(() => openDatabase(file, shippedMigrations())).toThrow(expect.objectContaining({ code: 'unavailable', message: expect.stringMatching(/damaged.*left untouched/) }));
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a file that is not a database at all, and leaves it untouched', () => {
    const file = join(dir, 'notes.db');
    const text = Buffer.from('These are my training notes, not a database.\n'.repeat(300));
    writeFileSync(file, text);
    expect(() => openDatabase(file, shippedMigrations())).toThrow(expect.objectContaining({ code: 'unavailable', message: expect.stringMatching(/damaged|could not be opened/) }));
    expect(readFileSync(file).equals(text)).toBe(true);
  });
});

describe('loading migrations', () => {
  const folder = (files: Record<string, string>) => {
    const d = join(dir, `m-${randomUUID()}`);
    mkdirSync(d);
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(d, name), sql);
    return d;
  };

  it('loads the shipped ones in order, numbered from 1 without gaps', () => {
    const loaded = shippedMigrations();
    expect(loaded.map((m) => m.version)).toEqual(loaded.map((_, i) => i + 1));
    expect(loaded[0]).toMatchObject({ version: 1, name: 'init' });
    expect(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))).toHaveLength(loaded.length);
  });

  it('refuses a gap in the numbering', () => {
    expect(() => loadMigrations(folder({ '0001_init.sql': 'SELECT 1;', '0003_later.sql': 'SELECT 1;' }))).toThrow(/expected 0002/);
    expect(() => loadMigrations(folder({ '0002_second.sql': 'SELECT 1;' }))).toThrow(/expected 0001/);
  });

  it('refuses two migrations with the same number', () => {
    expect(() => loadMigrations(folder({ '0001_init.sql': 'SELECT 1;', '0002_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 1;' }))).toThrow(/migrations/);
  });

  it('refuses a folder without migrations', () => {
    expect(() => loadMigrations(folder({ 'README.md': '# notes' }))).toThrow(/none found/);
  });

  it('refuses an .sql file it would otherwise skip because of its name', () => {
    // Files are kebab-case elsewhere in the project; a migration named that way must not be silently ignored.
    expect(() => loadMigrations(folder({ '0001_init.sql': 'SELECT 1;', '0002_add-levels.sql': 'SELECT 1;' }))).toThrow(/0002_add-levels\.sql/);
    expect(() => loadMigrations(folder({ '0001_init.sql': 'SELECT 1;', '2_levels.sql': 'SELECT 1;' }))).toThrow(/2_levels\.sql/);
  });
});
