import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAssetsStore } from '../../../src-renderer/stores/assets-store';
import { useExerciseStore } from '../../../src-renderer/stores/exercise-store';
import { useExercisesStore } from '../../../src-renderer/stores/exercises-store';
import { connectLiveUpdates } from '../../../src-renderer/stores/live-updates';
import { useProfileStore } from '../../../src-renderer/stores/profile-store';
import { useUiStore } from '../../../src-renderer/stores/ui-store';
import { installFakeApi, settle, summary, uuid } from '../fake-api';

beforeEach(() => {
  useExercisesStore.getState().reset();
  useAssetsStore.getState().reset();
  useExerciseStore.getState().close();
});
afterEach(() => vi.unstubAllGlobals());

describe('live updates', () => {
  it('shows the screen the desktop menu asks for (Settings…)', async () => {
    const fake = installFakeApi({});
    const off = connectLiveUpdates();
    useUiStore.getState().navigate({ name: 'library' });
    fake.emit('app.show', { screen: 'settings' });
    expect(useUiStore.getState().route).toEqual({ name: 'settings' });
    fake.emit('app.show', { screen: 'sync' });
    expect(useUiStore.getState().route).toEqual({ name: 'sync' });
    // A new-feedback notification: its comparison when it has two videos, else its exercise.
    const [exercise, a, b] = [uuid(), uuid(), uuid()];
    fake.emit('app.show', { screen: 'feedback', exercise, a, b });
    expect(useUiStore.getState().route).toEqual({ name: 'compare', exercise, a, b });
    fake.emit('app.show', { screen: 'feedback', exercise, a: null, b: null });
    expect(useUiStore.getState().route).toEqual({ name: 'exercise', id: exercise });
    off();
  });

  it('reloads the lists that show what changed, and leaves the others alone', async () => {
    let name = 'Before';
    const fake = installFakeApi({
      'exercises.list': () => ({ items: [summary({ name })], nextCursor: null }),
      'assets.list': () => [],
    });
    await useExercisesStore.getState().load();
    await useAssetsStore.getState().load();
    const off = connectLiveUpdates();

    name = 'After';
    const assetCalls = fake.callsTo('assets.list').length;
    fake.emit('data.changed', { entities: ['comment'] });
    await settle();
    expect(useExercisesStore.getState().items[0]?.name).toBe('After');
    expect(fake.callsTo('assets.list')).toHaveLength(assetCalls);
    off();
  });

  it('takes posters from the refreshed summaries, and lists no assets while the library is closed', async () => {
    let hasPoster = false;
    const fake = installFakeApi({
      'exercises.list': () => ({ items: [summary({ videoAsset: uuid(), videoHasPoster: hasPoster, videoDurationMs: hasPoster ? 12_500 : null })], nextCursor: null }),
      'assets.list': () => [],
    });
    await useExercisesStore.getState().load();
    const off = connectLiveUpdates();

    hasPoster = true;
    fake.emit('data.changed', { entities: ['videoasset'] });
    await settle();
    expect(useExercisesStore.getState().items[0]).toMatchObject({ videoHasPoster: true, videoDurationMs: 12_500 });
    expect(fake.callsTo('assets.list')).toHaveLength(0);
    off();
  });

  it('starts afresh when another profile opens', async () => {
    const fake = installFakeApi({ 'exercises.list': () => ({ items: [summary()], nextCursor: null }), 'profiles.list': () => [] });
    const profile = (id: string) => ({
      user: { id, username: id, displayName: id, role: 'coach' as const, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' },
      dataDir: '/tmp',
    });
    useProfileStore.getState().applyCurrent(profile('00000000-0000-4000-8000-0000000000a1'));
    await useExercisesStore.getState().load();
    const off = connectLiveUpdates();
    fake.emit('profile.changed', { profile: profile('00000000-0000-4000-8000-0000000000b2') });
    expect(useExercisesStore.getState()).toMatchObject({ status: 'idle', items: [] });
    expect(useProfileStore.getState().current?.user.id).toBe('00000000-0000-4000-8000-0000000000b2');
    off();
  });
});
