import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PartHasher } from '../../../src-main/core/sync/part-hasher';
import { planParts } from '../../../src-main/core/sync/uploader';

describe('hashing parts in worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-hash-'));
  const hasher = new PartHasher(2);
  afterAll(() => {
    hasher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same plan as hashing on the main thread, for several files at once', async () => {
    const files = [1, 5 * 1024 * 1024 + 3, 3 * 1024 * 1024].map((size, i) => {
      const file = join(dir, `f${i}`);
      writeFileSync(file, randomBytes(size));
      return { file, size };
    });
    const partSize = 2 * 1024 * 1024;
    const inThread = await Promise.all(files.map((f) => planParts(f.file, f.size, partSize)));
    const inWorkers = await Promise.all(files.map((f) => planParts(f.file, f.size, partSize, hasher)));
    expect(inWorkers).toEqual(inThread);
    expect(inWorkers[1]!.map((p) => p.size)).toEqual([partSize, partSize, 1024 * 1024 + 3]);
  });

  it('refuses a file whose size is not its record’s, and reports a missing file', async () => {
    const file = join(dir, 'short');
    writeFileSync(file, randomBytes(1000));
    await expect(planParts(file, 2000, 1024, hasher)).rejects.toThrow(/no longer matches its record/);
    await expect(planParts(join(dir, 'missing'), 10, 1024, hasher)).rejects.toThrow(/ENOENT/);
  });
});
