import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaAsset } from '../../../src-shared/domain';
import { useRecordingsStore } from '../../../src-renderer/stores/recordings-store';
import { describeCameraError } from '../../../src-renderer/screens/recorder/use-camera';
import { installFakeApi, uuid } from '../fake-api';

const state = () => useRecordingsStore.getState();

beforeEach(() => state().reset());
afterEach(() => vi.unstubAllGlobals());

describe('unfinished recordings', () => {
  it('offers what a crash cut short, and recovers one into the library or discards another', async () => {
    const [a, b] = [uuid(), uuid()];
    const fake = installFakeApi({
      'recordings.listRecoverable': () => [
        { id: a, startedAt: '2025-11-20T10:00:00.000Z', bytes: 120_000 },
        { id: b, startedAt: '2025-11-20T11:00:00.000Z', bytes: 80_000 },
      ],
      'recordings.recover': ({ id }) => ({ id }) as unknown as MediaAsset,
      'recordings.discard': () => ({ discarded: true }),
      'assets.list': () => [],
    });
    await state().loadRecoverable();
    expect(state().recoverable.map((r) => r.id)).toEqual([a, b]);

    await state().recover(a);
    await state().discard(b);
    expect(fake.callsTo('recordings.recover')).toEqual([{ id: a }]);
    expect(fake.callsTo('recordings.discard')).toEqual([{ id: b }]);
    expect(state().recoverable).toEqual([]);
    expect(state().busy).toBeNull();
  });
});

describe('camera problems', () => {
  it('says what went wrong and what to do, in words', () => {
    const denied = describeCameraError(new DOMException('Permission denied', 'NotAllowedError'));
    expect(denied.title).toBe('Coachframe isn’t allowed to use your camera');
    expect(denied.message).toMatch(/Allow camera and microphone access/);
    expect(describeCameraError(new DOMException('', 'NotFoundError')).title).toBe('No camera found');
    expect(describeCameraError(new DOMException('', 'NotReadableError')).message).toMatch(/Another app/);
  });
});
