// `npm run web -- [--port N] [--data-dir DIR] [--token T] [--demo]`: builds the renderer and serves
// the app to a browser on 127.0.0.1 (a developer tool; the product is the Electron app).
import { ensureSqliteForNode, run } from './lib.mjs';

if (!ensureSqliteForNode()) process.exit(1);
if (run('npx', ['--no-install', 'electron-vite', 'build']) !== 0) process.exit(1);
process.exit(run(process.execPath, ['--import', 'tsx', 'src-main/web/cli.ts', ...process.argv.slice(2)]));
