import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Core } from '../core';
import { resolveFfmpeg } from '../media/ffmpeg-path';
import type { FieldValue, SyncEntity } from '../sync/entities';
import type { RemoteRecord } from '../sync/apply-remote';

const run = promisify(execFile);
/** The demo's stand-in for the cloud's clock: a fixed client id in every stamp it writes. */
const CLOUD = 'c0ffee00c0ffee00';
const SOURCES = ['testsrc2', 'smptebars', 'rgbtestsrc', 'testsrc', 'smptehdbars', 'yuvtestsrc', 'pal75bars'];

/**
 * Fills a fresh coach profile with a realistic world, the way sync would: three students on the
 * roster, assignments with model videos, the students' own exercises and submissions (one
 * resubmitted), feedback with moments, a note to all, tags and votes. Everything goes through
 * `applyRemote`, and every video through the verified media path.
 */
export async function fillDemoWorld(core: Core, options: { ffmpegPath?: string; now?: number } = {}): Promise<void> {
  const ffmpeg = resolveFfmpeg(options.ffmpegPath);
  const store = core.store();
  const coach = store.profileUser();
  const now = options.now ?? Date.now();
  let tick = 0;
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const stamp = (minutesAgo: number) => `${at(minutesAgo)}-${(tick++ & 0xffff).toString(16).padStart(4, '0')}-${CLOUD}`;
  const records: RemoteRecord[] = [];
  const put = (entity: SyncEntity, fields: Record<string, FieldValue>, minutesAgo: number, extra: Partial<RemoteRecord> = {}): string => {
    const id = randomUUID();
    const hlc = stamp(minutesAgo);
    records.push({ entity, op: 'upsert', id, fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc }])), ...extra });
    return id;
  };

  const work = await mkdtemp(join(tmpdir(), 'coachframe-demo-'));
  try {
    let videoCount = 0;
    const video = async (owner: string, name: string, minutesAgo: number): Promise<string> => {
      const file = join(work, `${videoCount}.mp4`);
      const source = SOURCES[videoCount++ % SOURCES.length]!;
      await run(ffmpeg, [
        '-hide_banner', '-loglevel', 'error', '-y',
        '-f', 'lavfi', '-i', `${source}=size=640x360:rate=30:duration=4`,
        '-f', 'lavfi', '-i', `sine=frequency=${220 * videoCount}:duration=4`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '15',
        '-c:a', 'aac', '-shortest', '-movflags', '+faststart', file,
      ]);
      const bytes = await readFile(file);
      const created = at(minutesAgo);
      return put(
        'videoasset',
        {
          owner, orig_filename: name, mime_type: 'video/mp4', size_bytes: bytes.length,
          checksum_sha256: createHash('sha256').update(bytes).digest('hex'), youtube_url: null, video_type: 'upload',
          duration_sec: 4, duration_ms: 4000, width: 640, height: 360, created_at: created, updated_at: created,
        },
        minutesAgo,
        { file },
      );
    };
    const user = (username: string, displayName: string, minutesAgo: number) =>
      put('user', { username, display_name: displayName, role: 'student', created_at: at(minutesAgo), updated_at: at(minutesAgo) }, minutesAgo);
    const exercise = (owner: string, name: string, description: string, videoAsset: string | null, minutesAgo: number) =>
      put('exercise', { name, description, video_asset: videoAsset, created_by: owner, created_at: at(minutesAgo), updated_at: at(minutesAgo) }, minutesAgo);
    const comment = (exerciseId: string, author: string, text: string, minutesAgo: number, more: Record<string, FieldValue> = {}) =>
      put('comment', {
        exercise: exerciseId, author, text, video_asset: null, submission: null, at_seconds: null, at_video_asset: null,
        drawing: null, created_at: at(minutesAgo), updated_at: at(minutesAgo), ...more,
      }, minutesAgo);
    const tag = (name: string) => put('tag', { name, created_at: at(20_000) }, 20_000);
    const label = (contentType: string, contentId: string, tagId: string) =>
      put('content_tag', { content_type: contentType, content_id: contentId, tag_id: tagId, created_at: at(9_000) }, 9_000);

    const alex = user('alex.kim', 'Alex Kim', 30_000);
    const sam = user('sam.patel', 'Sam Patel', 29_000);
    const jordan = user('jordan.lee', 'Jordan Lee', 28_000);
    for (const student of [alex, sam, jordan]) put('roster', { coach: coach.id, student, created_at: at(27_000) }, 27_000);

    const forehandModel = await video(coach.id, 'forehand-model.mp4', 21_000);
    const serveModel = await video(coach.id, 'serve-toss-model.mp4', 20_500);
    const forehand = exercise(coach.id, 'Forehand drive', 'Contact in front of the body, finish over the shoulder.', forehandModel, 21_000);
    const serve = exercise(coach.id, 'Serve toss', 'Release at eye height; the ball peaks just above your reach.', serveModel, 20_500);
    const splitStep = exercise(coach.id, 'Split-step timing', 'Land your split step as your opponent makes contact.', null, 3_000);

    const alexForehand = await video(alex, 'alex-forehand.mp4', 4_000);
    const samForehand = await video(sam, 'sam-forehand.mp4', 2_900);
    const jordanServe1 = await video(jordan, 'jordan-serve-1.mp4', 6_000);
    const jordanServe2 = await video(jordan, 'jordan-serve-2.mp4', 1_500);
    const alexSlice = await video(alex, 'alex-backhand-slice.mp4', 700);

    const alexSub = put('submission', { student: alex, exercise: forehand, video_asset: alexForehand, submitted_at: at(4_000), status: 'reviewed', updated_at: at(3_000) }, 3_000);
    put('submission', { student: sam, exercise: forehand, video_asset: samForehand, submitted_at: at(2_900), status: 'submitted', updated_at: at(2_900) }, 2_900);
    const jordanSub = put('submission', { student: jordan, exercise: serve, video_asset: jordanServe2, submitted_at: at(1_500), status: 'resubmitted', updated_at: at(1_500) }, 1_500);
    put('submission_attempt', { submission: jordanSub, video_asset: jordanServe1, submitted_at: at(6_000) }, 1_500);
    const slice = exercise(alex, 'Backhand slice — week 3', 'Trying to keep the racquet face open through contact.', alexSlice, 700);

    comment(forehand, coach.id, 'For everyone: watch how early the racquet goes back in the model video.', 20_000, { at_seconds: 1.2, at_video_asset: forehandModel });
    const feedback = comment(forehand, coach.id, 'Good balance. Your contact point is a little late here — meet the ball further in front.', 3_000, {
      submission: alexSub, at_seconds: 2.4, at_video_asset: alexForehand,
      drawing: JSON.stringify({ shapes: [{ kind: 'arrow', from: [0.42, 0.6], to: [0.58, 0.48], color: '#4f8cff' }] }),
    });
    comment(forehand, alex, 'Thanks! I will try stepping in earlier.', 2_950, { submission: alexSub });
    comment(serve, jordan, 'Second try: I kept the toss lower this time.', 1_490, { submission: jordanSub });
    comment(slice, coach.id, 'Nice open face. Keep your wrist firm through the ball.', 120, { at_seconds: 1.5, at_video_asset: alexSlice });
    comment(slice, alex, 'Is the follow-through long enough?', 60);

    put('vote', { voter: alex, comment: feedback, is_helpful: 1, voted_at: at(2_940) }, 2_940);

    const tags = { forehand: tag('forehand'), serve: tag('serve'), footwork: tag('footwork'), beginner: tag('beginner') };
    label('exercise', forehand, tags.forehand);
    label('exercise', forehand, tags.beginner);
    label('exercise', serve, tags.serve);
    label('exercise', slice, tags.beginner);
    label('exercise', splitStep, tags.footwork);

    await core.applyRemote(records);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
