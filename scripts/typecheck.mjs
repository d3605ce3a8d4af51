// Type-checks each runtime folder with its own tsconfig: what a folder may see (DOM, Node, Electron)
// is part of the layer rules.
import { run } from './lib.mjs';

const projects = [
  'src-shared/tsconfig.json',
  'src-renderer/tsconfig.json',
  'src-main/core/tsconfig.json',
  'src-main/web/tsconfig.json',
  'src-main/cloud/tsconfig.json',
  'src-main/web/browser/tsconfig.json',
  'src-main/electron/tsconfig.json',
  'tests/tsconfig.json',
];
let failed = 0;
for (const project of projects) {
  const status = run('npx', ['--no-install', 'tsc', '-p', project]);
  if (status !== 0) {
    console.error(`type errors in ${project}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
