import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rules are only worth having if a wrong import really fails: lint imagined files in each layer. */
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });
const ruleIds = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) })).flatMap((r) => r.messages.map((m) => m.ruleId));

describe('layer rules', () => {
  it.each([
    ['src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['src-shared/x.ts', "import { Core } from '../src-main/core/core';\nexport const x = Core;"],
    ['src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['src-renderer/x.ts', "import { Core } from '../src-main/core/core';\nexport const x = Core;"],
    ['src-renderer/x.ts', "import { join } from 'node:path';\nexport const x = join;"],
    ['src-main/core/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['src-main/core/x.ts', "import { startWebHost } from '../web/server';\nexport const x = startWebHost;"],
    ['src-main/web/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['src-main/electron/x.ts', "import { startWebHost } from '../web/server';\nexport const x = startWebHost;"],
  ])('%s refuses: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['src-shared/x.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['src-renderer/x.ts', "import { channels } from '../src-shared/contract';\nexport const x = channels;"],
    ['src-main/core/x.ts', "import { join } from 'node:path';\nimport { channels } from '../../src-shared/contract';\nexport const x = [join, channels];"],
    ['src-main/electron/x.ts', "import { app } from 'electron';\nimport { createCore } from '../core';\nexport const x = [app, createCore];"],
  ])('%s allows: %s', async (file, code) => {
    expect(await ruleIds(file, code)).not.toContain('no-restricted-imports');
  });

  it.each([
    ['src-main/electron/preload.ts', "import { channels } from '../../src-shared/contract';\nexport const x = channels;"],
    ['src-main/web/browser/web-api.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['src-renderer/x.ts', "import { ProfilesCreateInput } from '../src-shared/contract/profiles';\nexport const x = ProfilesCreateInput;"],
  ])('keeps schemas off a window\'s start: %s refuses %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('@typescript-eslint/no-restricted-imports');
  });

  it.each([
    ['src-main/electron/preload.ts', "import type { ChannelName } from '../../src-shared/contract';\nimport { isChannelName } from '../../src-shared/contract/names';\nexport const x: [ChannelName, unknown] = ['jobs.list', isChannelName];"],
    ['src-renderer/lib/input-schemas.ts', "export { ProfilesCreateInput } from '../../src-shared/contract/profiles';"],
  ])('keeps schemas off a window\'s start: %s allows %s', async (file, code) => {
    expect(await ruleIds(file, code)).not.toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuses raw HTML in the renderer', async () => {
    const code = 'export const X = () => <div dangerouslySetInnerHTML={{ __html: "x" }} />;';
    expect(await ruleIds('src-renderer/x.tsx', code)).toContain('no-restricted-syntax');
  });
});
