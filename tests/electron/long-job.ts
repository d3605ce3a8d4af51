import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes every import a long job, for the wiring tests that need one running: FFPROBE_PATH (and
 * FFMPEG_PATH, which the core resolves alongside) point at a script that sleeps, so an import stays in
 * its probing phase until it is cancelled — which kills the script, as it would kill a real ffprobe.
 * Set before the shell's core first resolves its tools; `restore` puts the environment back.
 */
export function useLongJobs(): { restore(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-slow-tools-'));
  const script = join(dir, 'slow-tool');
  writeFileSync(script, '#!/bin/sh\nexec sleep 60\n');
  chmodSync(script, 0o755);
  const saved = { FFPROBE_PATH: process.env.FFPROBE_PATH, FFMPEG_PATH: process.env.FFMPEG_PATH };
  process.env.FFPROBE_PATH = script;
  process.env.FFMPEG_PATH = script;
  return {
    restore() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A file named like a video in a folder of its own, for a second launch to hand over. */
export function videoToOpen(): { folder: string; name: string } {
  const folder = mkdtempSync(join(tmpdir(), 'coachframe-open-'));
  writeFileSync(join(folder, 'rally.mp4'), 'not really a video');
  return { folder, name: 'rally.mp4' };
}
