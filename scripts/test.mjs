// `npm test`: type-check, lint, unit/integration tests, end-to-end tests — and one closing line,
// "N passed, N failed", counting vitest's and Playwright's tests together.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRgw, ensureSqliteForNode, findChromium, findFfmpeg, root, run } from './lib.mjs';

const ci = process.env.CI === 'true';
const cache = join(root, '.cache');
mkdirSync(cache, { recursive: true });

// What the tests need from the system. Missing tools are named, with the command that installs them.
const ffmpeg = findFfmpeg();
const chromium = findChromium();
const missing = [];
if (!ffmpeg) missing.push('ffmpeg (Debian/Ubuntu: sudo apt-get install -y ffmpeg; or set FFMPEG_PATH)');
if (!chromium) missing.push('Chromium (Debian/Ubuntu: sudo apt-get install -y chromium; or set CHROMIUM_PATH)');
if (!existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf')) {
  missing.push('the DejaVu fonts, used to burn frame numbers into test videos (Debian/Ubuntu: sudo apt-get install -y fonts-dejavu-core)');
}
if (missing.length > 0) {
  console.error(`npm test needs:\n  - ${missing.join('\n  - ')}\nNothing was skipped: install them and run npm test again.`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// The S3 tests run against s3rver and against a real S3 implementation, Ceph's RADOS Gateway.
const rgw = ensureRgw();
if (rgw.problem) {
  if (ci) {
    console.error(`npm test under CI needs Ceph's RADOS Gateway for the S3 sync tests, and it is not available:\n  ${rgw.problem}\nNothing was skipped: make RGW available and run npm test again.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.warn(`\n⚠ Ceph's RADOS Gateway is not available: ${rgw.problem}.\n⚠ The RGW half of the sync tests will be skipped: they run against s3rver only (under CI=true this fails the run).\n`);
}
const env = { FFMPEG_PATH: ffmpeg, CHROMIUM_PATH: chromium, ...rgw.env };

const steps = [];
const step = (name, fn) => {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const ok = fn();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  steps.push({ name, ok, seconds });
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds} s)`);
  return ok;
};

step('better-sqlite3 built for Node', ensureSqliteForNode);
const built = step('build (electron-vite: main, preload, renderer)', () => run('npx', ['--no-install', 'electron-vite', 'build']) === 0);
step('type-check', () => run(process.execPath, ['scripts/typecheck.mjs']) === 0);
step('lint (with the layer rules)', () => run('npx', ['--no-install', 'eslint', '--max-warnings=0', '.']) === 0);

const vitestJson = join(cache, 'vitest.json');
const playwrightJson = join(cache, 'playwright.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });
step('unit and integration tests (vitest)', () =>
  run('npx', ['--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`], { env }) === 0,
);
if (built) {
  step('end-to-end tests (Playwright in Chromium through the web host)', () =>
    run('npx', ['--no-install', 'playwright', 'test'], { env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson } }) === 0,
  );
} else {
  steps.push({ name: 'end-to-end tests', ok: false, seconds: '0' });
  console.error('end-to-end tests not run: the build failed');
}

const counts = { passed: 0, failed: 0 };
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += (v.numFailedTests ?? 0) + (v.numTodoTests ?? 0) + (v.numPendingTests ?? 0);
  // A test file that failed to load has no tests to count: count it as a failure.
  counts.failed += (v.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
}
if (existsSync(playwrightJson)) {
  const p = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  counts.passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  counts.failed += (p.stats?.unexpected ?? 0) + (p.stats?.skipped ?? 0);
  if ((p.errors ?? []).length > 0) counts.failed += p.errors.length;
}
// A step that failed outside the counted tests (build, types, lint) is one failure more.
const stepFailures = steps.filter((s) => !s.ok && !/tests/.test(s.name)).length;
counts.failed += stepFailures;
if (counts.passed + counts.failed === 0) counts.failed = 1;

console.log('\nSteps:');
for (const s of steps) console.log(`  ${s.ok ? '✔' : '✘'} ${s.name} — ${s.seconds} s`);
if (ci && counts.failed === 0 && steps.some((s) => !s.ok)) counts.failed = 1;
console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
