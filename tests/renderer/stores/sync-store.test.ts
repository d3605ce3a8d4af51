import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../src-shared/contract/sync';
import { connectLiveUpdates } from '../../../src-renderer/stores/live-updates';
import { entityWords, retryWords, shortId, syncHeadline, syncPercent, useSyncStore } from '../../../src-renderer/stores/sync-store';
import { deferred, installFakeApi, Refusal, settle } from '../fake-api';

const NOW = Date.parse('2025-11-20T10:00:00.000Z');
const relative = (iso: string) => `${Math.round((NOW - Date.parse(iso)) / 60_000)} min ago`;

function status(patch: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'idle',
    account: { cloudUrl: 'https://cloud.example.com', username: 'dana.reyes' },
    pending: 0,
    progress: null,
    lastSyncedAt: '2025-11-20T09:58:00.000Z',
    error: null,
    retryAt: null,
    notices: [],
    failures: [],
    ...patch,
  };
}

const sync = () => useSyncStore.getState();

beforeEach(() => sync().reset());
afterEach(() => vi.unstubAllGlobals());

describe('what the sync indicator says', () => {
  it('says each state in words, with numbers while it works and the next try when offline', () => {
    expect(syncHeadline(status({ state: 'off', account: null }), NOW, relative).title).toBe('Not syncing — work stays on this computer');
    expect(syncHeadline(status(), NOW, relative).title).toBe('Synced · 2 min ago');
    expect(syncHeadline(status({ lastSyncedAt: null }), NOW, relative).title).toBe('Signed in — first sync soon');

    const working = status({ state: 'syncing', progress: { phase: 'uploading', done: 1, total: 3, bytesDone: 3_100_000, bytesTotal: 12_400_000 } });
    expect(syncHeadline(working, NOW, relative)).toEqual({ title: 'Syncing 2 of 3', detail: 'Uploading videos · 3.1 MB of 12.4 MB' });
    expect(syncPercent(working)).toBe(25);
    expect(syncHeadline(status({ state: 'syncing' }), NOW, relative).title).toBe('Syncing…');
    expect(syncPercent(status({ state: 'syncing' }))).toBeNull();

    expect(syncHeadline(status({ state: 'offline', retryAt: NOW + 40_000 }), NOW, relative)).toEqual({
      title: 'Offline — will sync when back',
      detail: 'Next try in 40 s',
    });
    expect(syncHeadline(status({ state: 'paused' }), NOW, relative).title).toBe('Sync paused');
    expect(syncHeadline(status({ state: 'error', error: 'The cloud refused the sign-in.' }), NOW, relative)).toEqual({
      title: 'Couldn’t sync',
      detail: 'The cloud refused the sign-in.',
    });
  });

  it('names records as a person would, with a short id, and counts down in seconds then minutes', () => {
    expect(entityWords('videoasset')).toBe('Video');
    expect(entityWords('submission_attempt')).toBe('Attempt');
    expect(entityWords('something_new')).toBe('Something new');
    expect(shortId('0b7f2c1e-1111-4222-8333-444455556666')).toBe('0b7f2c1e');
    expect(retryWords(NOW + 500, NOW)).toBe('in 1 s');
    expect(retryWords(NOW + 150_000, NOW)).toBe('in 3 min');
    expect(retryWords(NOW - 1, NOW)).toBe('now');
  });
});

describe('the sync store', () => {
  it('loads the status, then follows sync.status events', async () => {
    const fake = installFakeApi({ 'sync.status': () => status({ state: 'off', account: null }) });
    const off = connectLiveUpdates();
    await sync().load();
    expect(sync().status?.state).toBe('off');

    fake.emit('sync.status', status({ state: 'syncing', pending: 2 }));
    expect(sync().status).toMatchObject({ state: 'syncing', pending: 2 });
    off();
  });

  it('keeps an event that arrived while an action was answering: the answer is older', async () => {
    const answer = deferred<SyncStatus>();
    const fake = installFakeApi({ 'sync.now': () => answer.promise });
    const running = sync().syncNow();
    await settle();
    sync().apply(status({ state: 'syncing' }));
    answer.resolve(status({ state: 'idle' }));
    await running;
    expect(sync().status?.state).toBe('syncing');
    expect(fake.callsTo('sync.now')).toHaveLength(1);

    // Without an event meanwhile, the answer is what shows.
    installFakeApi({ 'sync.pause': () => status({ state: 'paused' }) });
    await sync().pause();
    expect(sync().status?.state).toBe('paused');
  });

  it('measures how fast bytes move while a transfer runs, and forgets it after', () => {
    const at = (bytesDone: number) => status({ state: 'syncing', progress: { phase: 'uploading', done: 0, total: 1, bytesDone, bytesTotal: 10_000_000 } });
    sync().apply(at(0), 1_000);
    expect(sync().rate).toBeNull();
    sync().apply(at(2_000_000), 2_000);
    expect(sync().rate).toBe(2_000_000);
    sync().apply(status(), 3_000);
    expect(sync().rate).toBeNull();
  });

  it('passes the core’s refusal through to the form that asked', async () => {
    installFakeApi({
      'sync.signIn': () => {
        throw new Refusal({ code: 'forbidden', message: 'The username or password is not right.' });
      },
    });
    await expect(sync().signIn({ cloudUrl: 'https://cloud.example.com', username: 'dana', password: 'wrong-password' })).rejects.toThrow(
      'The username or password is not right.',
    );
    expect(sync().status).toBeNull();
  });

  it('remembers a download it started, so the page says "Downloading…" at once', async () => {
    installFakeApi({ 'sync.download': ({ assetId }) => ({ started: assetId === 'a' }) });
    expect(await sync().download('a')).toBe(true);
    expect(await sync().download('b')).toBe(false);
    expect(Object.keys(sync().downloadsAsked)).toEqual(['a']);
  });
});
