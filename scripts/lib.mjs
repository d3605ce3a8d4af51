// Shared by the npm scripts: finding the tools the tests and the app need, and running steps.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, relative } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const full = join(dir, name);
    if (dir && existsSync(full)) return full;
  }
  return null;
}

export function findFfmpeg() {
  const bundled = (() => {
    try {
      return createRequire(import.meta.url)('ffmpeg-static');
    } catch {
      return null;
    }
  })();
  return [process.env.FFMPEG_PATH, bundled, onPath('ffmpeg')].find((p) => p && existsSync(p)) ?? null;
}

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', onPath('chromium'), onPath('google-chrome')];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** better-sqlite3 is native: make sure the copy in node_modules is built for this Node (not Electron). */
export function ensureSqliteForNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, encoding: 'utf8' });
  if (probe.status === 0) return true;
  console.log('better-sqlite3 is not built for this Node (it may be built for Electron); rebuilding it…');
  return run('npm', ['rebuild', 'better-sqlite3']) === 0;
}

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  return result.status ?? 1;
}

export const RGW_START = join(root, '..', 'shared', 's3', 'rgw-start');

/**
 * Makes Ceph's RADOS Gateway available to the S3 tests (tests/support/s3-servers.ts runs them against
 * it as well as s3rver). An RGW_ENDPOINT already set is used as it is; otherwise, as root, runs
 * ../shared/s3/rgw-start (idempotent: about 15 s from nothing, a few s when warm; installs Debian's
 * ceph packages when missing). RGW is left running: it is shared (../shared/s3/rgw-stop stops it).
 * Returns the environment to give the tests, and `problem`, why RGW is not available, or null.
 */
export function ensureRgw() {
  if (process.env.RGW_ENDPOINT) {
    console.log(`RGW: using RGW_ENDPOINT=${process.env.RGW_ENDPOINT} from the environment`);
    return { env: {}, problem: null };
  }
  const script = relative(root, RGW_START);
  if (!existsSync(RGW_START)) {
    return { env: {}, problem: `${script} does not exist (it comes with ../shared, checked out beside this repository)` };
  }
  if (process.getuid?.() !== 0) {
    return {
      env: {},
      problem: `starting Ceph's RADOS Gateway needs root (${script} writes /etc/ceph and /var/lib/ceph): run npm test as root, or start it as root and set RGW_ENDPOINT=http://127.0.0.1:7480`,
    };
  }
  console.log(`RGW: starting Ceph's RADOS Gateway with ${script} (about 15 s from nothing, a few s when warm)…`);
  const started = Date.now();
  const result = spawnSync(RGW_START, [], { cwd: root, stdio: 'inherit', timeout: 15 * 60_000 });
  if (result.status !== 0) {
    const how = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit status ${result.status}`;
    return { env: {}, problem: `${script} failed (${how}); its output is above, the daemons' logs are in ${process.env.RGW_BASE || '/tmp/coachframe-rgw'}/log` };
  }
  const endpoint = `http://127.0.0.1:${process.env.RGW_PORT || '7480'}`;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`RGW: ready at ${endpoint} after ${seconds} s; it stays running after the tests (../shared/s3/rgw-stop stops it)`);
  return {
    env: { RGW_ENDPOINT: endpoint, RGW_ACCESS_KEY: process.env.S3_KEY || 'TESTKEY', RGW_SECRET_KEY: process.env.S3_SECRET || 'TESTSECRET' },
    problem: null,
  };
}
