import { randomUUID } from 'node:crypto';
import type { Core } from '../../src-main/core';

/**
 * Large libraries and stacks for the list benchmark and the lists spec, written straight into the open
 * profile's database (rows valid per migrations/0001_init.sql): the services would take minutes for
 * 10,000 items, and what is measured is the renderer's lists, not the writes.
 *
 * The profile is a coach's. It gets `assets` videos of its own (remote: no bytes, no poster, like
 * videos whose files are not downloaded yet), and `stackItems` stack items spread over `students`
 * rostered students: half the students' own exercises, half their submissions to the coach's
 * exercises (each student submits one video of theirs to many). Every third video and every third
 * exercise carries the tag `serve`; a few submissions have comparison sessions.
 */
export interface ListSeed {
  coach: string;
  students: { id: string; name: string }[];
  /** The tag on every third video and exercise. */
  serveTag: string;
  /** A tag on nothing. */
  unusedTag: string;
  /**
   * Every video the coach's library shows, newest first: the seeded ones, then the model video of the
   * coach's exercises and the students' attempts (older than all of them).
   */
  assetNames: string[];
}

export interface ListSeedOptions {
  assets: number;
  stackItems: number;
  students?: number;
}

const BASE = Date.parse('2025-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

export function seedLists(core: Core, options: ListSeedOptions): ListSeed {
  const store = core.store();
  const db = store.db;
  const coach = store.profileUser();
  const studentCount = options.students ?? Math.max(1, Math.min(20, Math.ceil(options.stackItems / 100)));
  const students = Array.from({ length: studentCount }, (_, i) => ({ id: randomUUID(), name: `Student ${String(i + 1).padStart(2, '0')}` }));
  const serveTag = randomUUID();
  const unusedTag = randomUUID();
  const assetNames: string[] = [];

  db.transaction(() => {
    const tag = db.prepare('INSERT INTO tags_tag (id, name) VALUES (?, ?)');
    tag.run(serveTag, 'serve');
    tag.run(unusedTag, 'unused');
    const link = db.prepare('INSERT INTO content_tags (id, content_type, content_id, tag_id) VALUES (?, ?, ?, ?)');
    const asset = db.prepare(
      `INSERT INTO core_videoasset (id, orig_filename, mime_type, size_bytes, video_type, duration_sec, duration_ms, width, height,
         processing_status, local_state, owner, created_at, updated_at)
       VALUES (?, ?, 'video/mp4', ?, 'upload', ?, ?, 1920, 1080, 'ready', 'remote', ?, ?, ?)`,
    );
    const video = (owner: string, name: string, i: number) => {
      const id = randomUUID();
      const ms = 5_000 + (Math.abs(i) % 90) * 1_000 + 250;
      asset.run(id, name, 1_000_000 + Math.abs(i), Math.floor((ms + 500) / 1000), ms, owner, at(i), at(i));
      return id;
    };
    for (let i = 0; i < options.assets; i++) {
      const id = video(coach.id, `clip-${String(i + 1).padStart(5, '0')}.mp4`, i);
      assetNames.push(`clip-${String(i + 1).padStart(5, '0')}.mp4`);
      if (i % 3 === 0) link.run(randomUUID(), 'videoasset', id, serveTag);
    }
    assetNames.reverse();

    const user = db.prepare("INSERT INTO auth_user (id, username, display_name, role) VALUES (?, ?, ?, 'student')");
    const roster = db.prepare('INSERT INTO coaching_roster (id, coach, student) VALUES (?, ?, ?)');
    const exercise = db.prepare('INSERT INTO exercises_exercise (id, name, created_by, video_asset, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const submission = db.prepare(
      "INSERT INTO submissions_submission (id, student, exercise, video_asset, submitted_at, status, updated_at) VALUES (?, ?, ?, ?, ?, 'submitted', ?)",
    );
    const comparison = db.prepare(
      `INSERT INTO comparisons_comparison (id, student, exercise, original_video, feedback_video, compared_at, duration_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const perStudent = Math.ceil(options.stackItems / studentCount);
    const submittedPerStudent = Math.floor(perStudent / 2);
    const model = submittedPerStudent > 0 ? video(coach.id, 'model-serve.mp4', -1_000) : null;
    if (model) assetNames.push('model-serve.mp4');
    const coachExercises: string[] = [];
    for (let e = 0; e < submittedPerStudent; e++) {
      const id = randomUUID();
      exercise.run(id, `Drill ${String(e + 1).padStart(4, '0')}`, coach.id, model, at(e), at(e));
      if (e % 3 === 0) link.run(randomUUID(), 'exercise', id, serveTag);
      coachExercises.push(id);
    }
    let made = 0;
    students.forEach((s, si) => {
      user.run(s.id, `student-${si + 1}`, s.name);
      roster.run(randomUUID(), coach.id, s.id);
      const attempt = submittedPerStudent > 0 ? video(s.id, `${s.name} attempt.mp4`, -1_001 - si) : null;
      if (attempt) assetNames.push(`${s.name} attempt.mp4`);
      for (let k = 0; k < perStudent && made < options.stackItems; k++, made++) {
        const minute = si * perStudent + k;
        if (k < submittedPerStudent) {
          const ex = coachExercises[k]!;
          const sub = randomUUID();
          submission.run(sub, s.id, ex, attempt!, at(minute), at(minute));
          if (k % 10 === 0 && model) comparison.run(randomUUID(), s.id, ex, model, attempt!, at(minute + 30), 60 + (k % 5) * 60);
        } else {
          const id = randomUUID();
          exercise.run(id, `${s.name} practice ${String(k + 1).padStart(4, '0')}`, s.id, null, at(minute), at(minute));
          if (k % 3 === 0) link.run(randomUUID(), 'exercise', id, serveTag);
        }
      }
    });
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  return { coach: coach.id, students, serveTag, unusedTag, assetNames };
}
