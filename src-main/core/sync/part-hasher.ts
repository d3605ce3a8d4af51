import type { createHash as CreateHash } from 'node:crypto';
import type { createReadStream as CreateReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PartPlan } from '../../../src-shared/cloud';

/**
 * Reads a file once and describes each part of `partSize` bytes: its size, MD5 and SHA-256 (base64),
 * and the bytes read in all. The one hashing loop, run on the main thread or in a worker: it is
 * self-contained (its Node functions come in as arguments, no inner named functions) because the
 * worker evaluates its source text.
 */
export async function hashParts(
  file: string,
  partSize: number,
  createHash: typeof CreateHash,
  createReadStream: typeof CreateReadStream,
): Promise<{ parts: PartPlan[]; total: number }> {
  const parts: PartPlan[] = [];
  let md5 = createHash('md5');
  let sha = createHash('sha256');
  let inPart = 0;
  let total = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let buf = chunk as Buffer;
    total += buf.length;
    while (buf.length > 0) {
      const take = Math.min(buf.length, partSize - inPart);
      const piece = buf.subarray(0, take);
      md5.update(piece);
      sha.update(piece);
      inPart += take;
      buf = buf.subarray(take);
      if (inPart === partSize) {
        parts.push({ number: parts.length + 1, size: inPart, md5: md5.digest('base64'), sha256: sha.digest('base64') });
        md5 = createHash('md5');
        sha = createHash('sha256');
        inPart = 0;
      }
    }
  }
  if (inPart > 0) parts.push({ number: parts.length + 1, size: inPart, md5: md5.digest('base64'), sha256: sha.digest('base64') });
  return { parts, total };
}

/**
 * Hashing every part (MD5 and SHA-256) is most of an upload's CPU. It runs in worker threads, so
 * several files are planned on several cores while the main thread keeps the network busy. The
 * worker is `hashParts` evaluated in place: no separate file to bundle or ship.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hashParts = ${hashParts.toString()};
parentPort.on('message', async ({ id, file, partSize }) => {
  try {
    const { parts, total } = await hashParts(file, partSize, createHash, createReadStream);
    parentPort.postMessage({ id, parts, total });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve(value: { parts: PartPlan[]; total: number }): void;
  reject(error: Error): void;
}

/** A small pool of hashing workers, started on first use and let go when idle. */
export class PartHasher {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  hash(file: string, size: number, partSize: number): Promise<{ parts: PartPlan[]; total: number }> {
    const slot = this.pick();
    const id = this.nextId++;
    slot.busy++;
    return new Promise<{ parts: PartPlan[]; total: number }>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, file, size, partSize });
    }).finally(() => {
      slot.busy--;
      if (this.pending.size === 0) this.idle();
    });
  }

  close(): void {
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }

  private pick(): { worker: Worker; busy: number } {
    const free = this.workers.find((w) => w.busy === 0);
    if (free) return free;
    if (this.workers.length < this.size) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      worker.on('message', (m: { id: number; parts?: PartPlan[]; total?: number; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve({ parts: m.parts!, total: m.total! });
      });
      worker.on('error', (error) => {
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        const i = this.workers.findIndex((w) => w.worker === worker);
        if (i >= 0) this.workers.splice(i, 1);
      });
      const slot = { worker, busy: 0 };
      this.workers.push(slot);
      return slot;
    }
    return this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  /** Idle workers go after a while, so a quiet app holds no threads. */
  private idleTimer: NodeJS.Timeout | null = null;
  private idle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) this.close();
    }, 30_000);
    this.idleTimer.unref();
  }
}
