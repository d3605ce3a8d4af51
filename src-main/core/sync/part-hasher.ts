import type { createHash as CreateHash } from 'node:crypto';
import type { createReadStream as CreateReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PartPlan } from '../../../src-shared/cloud';

/**
 * Reads a file once and describes each part of `partSize` bytes: its size, MD5 and SHA-256 (base64),
 * and the bytes read in all. With `sha256` false the parts' SHA-256 are left empty (the caller
 * already knows it: a single part's is the file's own). The one hashing loop, run on the main thread
 * or in a worker: it is self-contained (its Node functions come in as arguments, no inner named
 * functions) because the worker evaluates its source text.
 */
export async function hashParts(
  file: string,
  partSize: number,
  sha256: boolean,
  createHash: typeof CreateHash,
  createReadStream: typeof CreateReadStream,
): Promise<{ parts: PartPlan[]; total: number }> {
  const parts: PartPlan[] = [];
  let md5 = createHash('md5');
  let sha = sha256 ? createHash('sha256') : null;
  let inPart = 0;
  let total = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let buf = chunk as Buffer;
    total += buf.length;
    while (buf.length > 0) {
      const take = Math.min(buf.length, partSize - inPart);
      const piece = buf.subarray(0, take);
      md5.update(piece);
      if (sha) sha.update(piece);
      inPart += take;
      buf = buf.subarray(take);
      if (inPart === partSize) {
        parts.push({ number: parts.length + 1, size: inPart, md5: md5.digest('base64'), sha256: sha ? sha.digest('base64') : '' });
        md5 = createHash('md5');
        sha = sha256 ? createHash('sha256') : null;
        inPart = 0;
      }
    }
  }
  if (inPart > 0) parts.push({ number: parts.length + 1, size: inPart, md5: md5.digest('base64'), sha256: sha ? sha.digest('base64') : '' });
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
parentPort.on('message', async ({ id, file, partSize, sha256 }) => {
  try {
    const { parts, total } = await hashParts(file, partSize, sha256, createHash, createReadStream);
    parentPort.postMessage({ id, parts, total });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Job {
  id: number;
  file: string;
  partSize: number;
  sha256: boolean;
  resolve(value: { parts: PartPlan[]; total: number }): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * A small pool of hashing workers, started on first use and let go when idle. Each worker hashes one
 * file at a time and files wait their turn in order, so the first file's plan is ready (and its bytes
 * can start going) after one file's hashing, not after all of them were hashed side by side.
 */
export class PartHasher {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  /** Parts of `partSize` bytes with their MD5, and their SHA-256 unless `sha256` is false. */
  hash(file: string, partSize: number, sha256 = true): Promise<{ parts: PartPlan[]; total: number }> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, file, partSize, sha256, resolve, reject });
      this.dispatch();
    });
  }

  close(): void {
    for (const { worker } of this.slots.splice(0)) void worker.terminate();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.job === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, file: job.file, partSize: job.partSize, sha256: job.sha256 });
    }
    if (this.slots.every((s) => s.job === null)) this.idle();
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (m: { id: number; parts?: PartPlan[]; total?: number; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = null;
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve({ parts: m.parts!, total: m.total! });
      this.dispatch();
    });
    worker.on('error', (error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.job?.reject(error);
      slot.job = null;
      this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }

  /** Idle workers go after a while, so a quiet app holds no threads. */
  private idle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.queue.length === 0 && this.slots.every((s) => s.job === null)) this.close();
    }, 30_000);
    this.idleTimer.unref();
  }
}
