import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PartHasher } from '../../../src-main/core/sync/part-hasher';
import { planParts } from '../../../src-main/core/sync/uploader';

const b64 = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('base64');

describe('hashing parts in worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coachframe-hash-'));
  const hasher = new PartHasher(2);
  afterAll(() => {
    hasher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, size: number) => {
    const file = join(dir, name);
    const bytes = randomBytes(size);
    writeFileSync(file, bytes);
    return { file, size, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };

  it('describes every part with its own MD5 and SHA-256, the same on the main thread and in workers', async () => {
    const files = [1, 5 * 1024 * 1024 + 3, 3 * 1024 * 1024].map((size, i) => write(`f${i}`, size));
    const partSize = 2 * 1024 * 1024;
    const inThread = await Promise.all(files.map((f) => planParts(f.file, f.size, f.sha256, partSize)));
    const inWorkers = await Promise.all(files.map((f) => planParts(f.file, f.size, f.sha256, partSize, hasher)));
    expect(inWorkers).toEqual(inThread);
    const big = files[1]!;
    expect(inWorkers[1]).toEqual(
      [0, 1, 2].map((i) => {
        const bytes = big.bytes.subarray(i * partSize, Math.min(big.size, (i + 1) * partSize));
        return { number: i + 1, size: bytes.length, md5: b64('md5', bytes), sha256: b64('sha256', bytes) };
      }),
    );
  });

  it('sends a file in one part with the SHA-256 it was imported with, hashing only its MD5', async () => {
    const f = write('whole', 3 * 1024 * 1024 + 7);
    for (const plan of [await planParts(f.file, f.size, f.sha256, f.size), await planParts(f.file, f.size, f.sha256, f.size, hasher)]) {
      expect(plan).toEqual([{ number: 1, size: f.size, md5: b64('md5', f.bytes), sha256: b64('sha256', f.bytes) }]);
    }
    // The SHA-256 comes from the record, not from the bytes: a file changed since import gets its record's
    // hash here, and the cloud's read-back of the object refuses it.
    const stale = createHash('sha256').update('something else').digest('hex');
    const [part] = await planParts(f.file, f.size, stale, f.size, hasher);
    expect(part!.sha256).toBe(Buffer.from(stale, 'hex').toString('base64'));
    expect(part!.md5).toBe(b64('md5', f.bytes));
  });

  it('hashes files one at a time per worker, first come first served', async () => {
    const one = new PartHasher(1);
    try {
      const files = [0, 1, 2, 3].map((i) => write(`q${i}`, 2 * 1024 * 1024));
      const order: number[] = [];
      await Promise.all(files.map((f, i) => one.hash(f.file, 1024 * 1024).then(() => order.push(i))));
      expect(order).toEqual([0, 1, 2, 3]);
    } finally {
      one.close();
    }
  });

  it('refuses a file whose size is not its record’s, and reports a missing file', async () => {
    const f = write('short', 1000);
    await expect(planParts(f.file, 2000, f.sha256, 1024, hasher)).rejects.toThrow(/no longer matches its record/);
    await expect(planParts(join(dir, 'missing'), 10, f.sha256, 1024, hasher)).rejects.toThrow(/ENOENT/);
    // The pool still works after a failure.
    const ok = write('after', 10);
    expect(await planParts(ok.file, ok.size, ok.sha256, 1024, hasher)).toHaveLength(1);
  });
});
