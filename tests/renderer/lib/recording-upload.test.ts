import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseMimeType, RecordingUpload } from '../../../src-renderer/lib/recording-upload';
import { deferred, installFakeApi, Refusal, uuid } from '../fake-api';

afterEach(() => vi.unstubAllGlobals());

const chunk = (byte: number, size = 4) => new Blob([new Uint8Array(size).fill(byte)]);

describe('a recording on its way to main', () => {
  it('starts first, sends each chunk in order with its sequence number, then finishes as a reply', async () => {
    const id = uuid();
    const exercise = uuid();
    const received: { seq: number; first: number }[] = [];
    const slow = deferred<void>();
    const fake = installFakeApi({
      'recordings.start': () => ({ id }),
      'recordings.append': async (input) => {
        const [header, bytes] = input as unknown as [{ id: string; seq: number }, Uint8Array];
        // The first chunk is slow: the second must still wait for it.
        if (header.seq === 0) await slow.promise;
        received.push({ seq: header.seq, first: bytes[0] ?? -1 });
        return { bytes: received.length * 4 };
      },
      'recordings.finish': () => ({ asset: {} as never, comment: null }),
    });
    const upload = await RecordingUpload.start('video/webm;codecs=vp8,opus');
    expect(fake.callsTo('recordings.start')).toEqual([{ mimeType: 'video/webm;codecs=vp8,opus' }]);
    upload.push(chunk(7));
    upload.push(new Blob([]));
    upload.push(chunk(8));
    const finished = upload.finish({ exercise, submission: null, text: null });
    slow.resolve();
    await finished;
    expect(received).toEqual([
      { seq: 0, first: 7 },
      { seq: 1, first: 8 },
    ]);
    expect(fake.callsTo('recordings.finish')).toEqual([{ id, reply: { exercise, submission: null, text: null } }]);
  });

  it('tries a chunk again when the bridge hiccups, and reports a refusal instead of finishing', async () => {
    let attempts = 0;
    installFakeApi({
      'recordings.start': () => ({ id: uuid() }),
      'recordings.append': (input) => {
        const [header] = input as unknown as [{ seq: number }];
        if (header.seq === 0 && attempts++ === 0) throw new Refusal({ code: 'unavailable', message: 'Not reachable.' });
        if (header.seq === 1) throw new Refusal({ code: 'bad-input', message: 'Recording chunk 1 is missing.' });
        return { bytes: 4 };
      },
    });
    const upload = await RecordingUpload.start('video/webm');
    upload.push(chunk(1));
    upload.push(chunk(2));
    await expect(upload.finish(null)).rejects.toThrow('Recording chunk 1 is missing.');
    expect(attempts).toBe(2);
  });

  it('is thrown away in main on retake or close', async () => {
    const id = uuid();
    const fake = installFakeApi({ 'recordings.start': () => ({ id }), 'recordings.cancel': () => ({ cancelled: true }), 'recordings.append': () => ({ bytes: 4 }) });
    const upload = await RecordingUpload.start('video/webm');
    upload.push(chunk(1));
    await upload.drain();
    await upload.cancel();
    upload.push(chunk(2));
    await upload.drain();
    expect(fake.callsTo('recordings.cancel')).toEqual([{ id }]);
    expect(fake.callsTo('recordings.append')).toHaveLength(1);
  });

  it('prefers VP8/Opus WebM and falls back to what the browser records', () => {
    expect(chooseMimeType(() => true)).toBe('video/webm;codecs=vp8,opus');
    expect(chooseMimeType((t) => t === 'video/mp4')).toBe('video/mp4');
    expect(chooseMimeType(() => false)).toBeNull();
  });
});
