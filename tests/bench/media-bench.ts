/**
 * The media pipeline's speed targets, as ratios against bare tools run on the same files in the same run
 * (`npm run bench:media`). Test media: 60 s of 1080p encoded once, joined with `-c copy` into longer files.
 *
 *  1. Import of a ~1 GB file until its asset row is written (posters and proxies excluded):
 *     ≤ 1.25 × (`sha256sum` + `cp` + `sync`). Seed target: < 5 s.
 *  2. A fast 5 s clip from a 60-minute 1080p source: ≤ 1.3 × (bare `ffmpeg -ss … -i … -t 5 -c copy` +
 *     `sha256sum` of its output). Seed target: < 1 s.
 *  3. The poster of a 1080p file: ≤ 1.2 × the bare ffmpeg command that makes the same image.
 * Each is the median of RUNS runs, alternating ours and the reference so both see the same noise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JobInfo } from '../../src-shared/contract/media';
import type { Clip } from '../../src-shared/domain';
import { makeMediaCore } from '../support/media-session';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const ffmpeg = process.env['FFMPEG_PATH'] ?? 'ffmpeg';
const cache = join(tmpdir(), 'coachframe-bench-media');
mkdirSync(cache, { recursive: true });

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const time = async (fn: () => unknown | Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** 60 s of 1080p, then `copies` of it joined without re-encoding. Made once and kept in the temp folder. */
function source(name: string, copies: number): string {
  const minute = join(cache, 'minute-1080p.mp4');
  if (!existsSync(minute)) {
    console.log('encoding 60 s of 1080p test media (once)…');
    sh(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30:duration=60', '-f', 'lavfi', '-i', 'sine=duration=60',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '24M', '-maxrate', '24M', '-bufsize', '48M', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', minute]);
  }
  const out = join(cache, name);
  if (!existsSync(out)) {
    const list = join(cache, `${name}.txt`);
    writeFileSync(list, Array.from({ length: copies }, () => `file '${minute}'`).join('\n'));
    sh(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', out]);
  }
  return out;
}

async function main() {
  const minute = source('minute.mp4', 1);
  const gigabyte = source('gigabyte.mp4', Math.max(1, Math.round(1024 ** 3 / statSync(minute).size)));
  const hour = source('hour.mp4', 60);
  console.log(`import source ${(statSync(gigabyte).size / 1024 ** 3).toFixed(2)} GiB; clip source ${(statSync(hour).size / 1024 ** 3).toFixed(2)} GiB`);

  const ours: Record<string, number[]> = { import: [], clip: [], poster: [] };
  const bare: Record<string, number[]> = { import: [], clip: [], poster: [] };
  const scratch = join(cache, 'scratch');
  // The hour is imported once (10 GB of hashing and copying), and each run cuts a different clip from it.
  const h = await makeMediaCore();
  const [hourJob] = await h.call<JobInfo[]>('assets.import', { paths: [hour] });
  const imported = await h.finished(hourJob!.id);
  if (imported.state !== 'done') throw new Error(imported.error?.message);
  for (let run = 0; run < RUNS; run++) {
    const m = await makeMediaCore();
    try {
      // 1. Import, until the row is written (the job's end), against sha256sum + cp + sync.
      ours.import!.push(
        await time(async () => {
          const [job] = await m.call<JobInfo[]>('assets.import', { paths: [gigabyte] });
          const done = await m.finished(job!.id);
          if (done.state !== 'done') throw new Error(done.error?.message);
        }),
      );
      m.core.close();
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch);
      bare.import!.push(
        await time(() => {
          sh('sha256sum', [gigabyte]);
          sh('cp', [gigabyte, join(scratch, 'copy.mp4')]);
          sh('sync', []);
        }),
      );
      rmSync(scratch, { recursive: true, force: true });
    } finally {
      m.dispose();
    }

    try {
      // 2. A fast 5 s clip from the middle of the hour.
      const start = 1800 + run * 7;
      ours.clip!.push(await time(() => h.call<Clip>('clips.create', { asset: imported.assetId, start, end: start + 5, mode: 'fast' })));
      mkdirSync(scratch, { recursive: true });
      const out = join(scratch, 'clip.mp4');
      bare.clip!.push(
        await time(() => {
          sh(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-ss', String(start), '-i', hour, '-t', '5', '-c', 'copy', out]);
          sh('sha256sum', [out]);
        }),
      );
      rmSync(scratch, { recursive: true, force: true });
    } finally {
      // the hour stays imported for the next run
    }

    // 3. The poster of a 1080p file, through the pipeline's processing job, against the same ffmpeg command.
    const p = await makeMediaCore();
    try {
      const [job] = await p.call<JobInfo[]>('assets.import', { paths: [minute] });
      await p.finished(job!.id);
      await p.idle();
      const asset = (await p.call<{ id: string }[]>('assets.list', {}))[0]!;
      ours.poster!.push(await time(() => p.core.media().pipeline.renderPoster(asset.id)));
      mkdirSync(scratch, { recursive: true });
      bare.poster!.push(
        await time(() => sh(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-ss', '3.000', '-i', minute, '-frames:v', '1', '-vf', "scale='min(640,iw)':-2", '-q:v', '3', join(scratch, 'poster.jpg')])),
      );
      rmSync(scratch, { recursive: true, force: true });
    } finally {
      p.dispose();
    }
  }

  await h.idle(600_000);
  h.dispose();
  const goals = { import: 1.25, clip: 1.3, poster: 1.2 } as const;
  const names = { import: 'import ~1 GiB until the row is written', clip: 'fast 5 s clip from a 60-minute 1080p source', poster: 'poster of a 1080p file' } as const;
  console.log(`\nMedia benchmark — median of ${RUNS} runs, ${new Date().toISOString()}`);
  console.log('| operation | ours | bare tools | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const key of ['import', 'clip', 'poster'] as const) {
    const [o, b] = [median(ours[key]!), median(bare[key]!)];
    console.log(`| ${names[key]} | ${(o / 1000).toFixed(3)} s | ${(b / 1000).toFixed(3)} s | ${(o / b).toFixed(2)} | ≤ ${goals[key]} |`);
  }
}

await main();
