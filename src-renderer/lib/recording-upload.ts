import type { ChannelInput, ChannelOutput } from '../../src-shared/contract';
import { call, isApiError } from '../api/client';

type Reply = NonNullable<ChannelInput<'recordings.finish'>['reply']>;

/** Failures worth another try: the bridge hiccuped, not the chunk was refused. */
const RETRYABLE = new Set(['unavailable', 'internal']);
const ATTEMPTS = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One take on its way to main: chunks are sent in order as MediaRecorder hands them over
 * (recordings.append with a sequence number), so the take never sits whole in the renderer; a chunk
 * is let go once main has it. Main keeps what arrived, so even a crash loses at most the last second.
 */
export class RecordingUpload {
  private nextSeq = 0;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private stopped = false;
  /** Bytes main has confirmed holding. */
  bytesSaved = 0;

  private constructor(
    readonly id: string,
    readonly mimeType: string,
  ) {}

  /** Asks main for a new recording; chunks may follow at once. */
  static async start(mimeType: string): Promise<RecordingUpload> {
    const { id } = await call('recordings.start', { mimeType });
    return new RecordingUpload(id, mimeType);
  }

  /** The first failure, once a chunk could not be saved (the take is then lost beyond that point). */
  get error(): unknown {
    return this.failure;
  }

  /** Queues a chunk; chunks go one at a time, in the order they were pushed. */
  push(chunk: Blob): void {
    if (chunk.size === 0 || this.stopped || this.failure) return;
    const seq = this.nextSeq++;
    this.queue = this.queue
      .then(async () => {
        if (this.stopped || this.failure) return;
        const bytes = new Uint8Array(await chunk.arrayBuffer());
        for (let attempt = 1; ; attempt++) {
          try {
            // A retried chunk that main already has is taken once (it keys on seq).
            const { bytes: held } = await call('recordings.append', [{ id: this.id, seq }, bytes]);
            this.bytesSaved = held;
            return;
          } catch (error) {
            if (attempt >= ATTEMPTS || !isApiError(error) || !RETRYABLE.has(error.code)) throw error;
            await pause(200 * attempt);
          }
        }
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  /** Resolves once every queued chunk has been sent (or one failed). */
  async drain(): Promise<void> {
    await this.queue;
  }

  /** Waits for the last chunks, then has main repair and import the take (and post it as a reply). */
  async finish(reply: Reply | null): Promise<ChannelOutput<'recordings.finish'>> {
    await this.drain();
    if (this.failure) throw this.failure;
    this.stopped = true;
    return call('recordings.finish', { id: this.id, reply });
  }

  /** Throws the take away (retake, close): main removes what it held. */
  async cancel(): Promise<void> {
    this.stopped = true;
    await this.drain();
    try {
      await call('recordings.cancel', { id: this.id });
    } catch {
      // Nothing to undo: a recording main no longer knows is one it no longer holds.
    }
  }
}

/** The recording format: VP8/Opus WebM where the browser can, else the best it offers. */
export function chooseMimeType(isTypeSupported: (type: string) => boolean): string | null {
  const candidates = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8', 'video/webm', 'video/mp4;codecs=avc1,mp4a', 'video/mp4'];
  return candidates.find((type) => isTypeSupported(type)) ?? null;
}
