import type { Events } from '../../src-shared/contract/events';
import type { JobInfo } from '../../src-shared/contract/media';
import { subscribe } from '../api/client';
import { useAssetStore } from './asset-store';
import { useAssetsStore } from './assets-store';
import { useCompareStore } from './compare-store';
import { useExerciseStore } from './exercise-store';
import { useExercisesStore } from './exercises-store';
import { useJobsStore } from './jobs-store';
import { useProfileStore } from './profile-store';
import { useStackStore } from './stack-store';
import { useSyncStore } from './sync-store';
import { useTagsStore } from './tags-store';
import { useUiStore } from './ui-store';

/** Which changed entities each view shows (entity names as `data.changed` sends them). */
const SHOWN_BY = {
  exercises: ['exercise', 'comment', 'submission', 'tag', 'content_tag', 'videoasset', 'user'],
  stack: ['exercise', 'comment', 'submission', 'tag', 'content_tag', 'videoasset', 'user', 'roster'],
  exerciseDetail: ['exercise', 'tag', 'content_tag', 'videoasset', 'user', 'comment', 'submission'],
  comments: ['comment', 'vote', 'user'],
  submissions: ['submission', 'submission_attempt', 'user'],
  tags: ['tag', 'content_tag'],
  assets: ['videoasset', 'clip', 'tag', 'content_tag'],
  assetDetail: ['videoasset'],
  clips: ['clip', 'videoasset'],
} as const;

/** Jobs whose end adds or changes videos in the library. */
const MAKES_VIDEOS: readonly JobInfo['kind'][] = ['import', 'process', 'clip', 'recording'];

const touches = (changed: readonly string[], shown: readonly string[]) => changed.some((e) => shown.includes(e));

export function applyDataChanged({ entities }: Events['data.changed']): void {
  if (touches(entities, SHOWN_BY.exercises)) void useExercisesStore.getState().refresh();
  if (touches(entities, SHOWN_BY.stack)) void useStackStore.getState().refresh();
  if (touches(entities, SHOWN_BY.tags)) void useTagsStore.getState().refresh();
  if (touches(entities, SHOWN_BY.assets)) void useAssetsStore.getState().refresh();
  if (touches(entities, SHOWN_BY.assetDetail)) void useAssetsStore.getState().refreshKnown();
  const assetParts = [
    ...(touches(entities, SHOWN_BY.assetDetail) ? (['detail'] as const) : []),
    ...(touches(entities, SHOWN_BY.clips) ? (['clips'] as const) : []),
  ];
  if (assetParts.length) void useAssetStore.getState().refresh(assetParts);
  const parts = [
    ...(touches(entities, SHOWN_BY.exerciseDetail) ? (['detail'] as const) : []),
    ...(touches(entities, SHOWN_BY.comments) ? (['comments'] as const) : []),
    ...(touches(entities, SHOWN_BY.submissions) ? (['submissions'] as const) : []),
  ];
  if (parts.length) void useExerciseStore.getState().refresh(parts);
  if (touches(entities, SHOWN_BY.comments)) void useCompareStore.getState().refreshComments();
  if (touches(entities, SHOWN_BY.assetDetail)) void useCompareStore.getState().refreshAssets();
}

export function applyJobProgress(info: Events['job.progress']): void {
  useJobsStore.getState().apply(info);
}

/** A job ended: the tray shows it, and the views showing what it made reload. */
export function applyJobDone(info: Events['job.done']): void {
  useJobsStore.getState().apply(info);
  if (info.state === 'done' && MAKES_VIDEOS.includes(info.kind)) {
    void useAssetsStore.getState().refresh();
    const open = useAssetStore.getState().id;
    if (open && info.assetId === open) void useAssetStore.getState().refresh(['detail']);
  }
}

export function applySyncStatus(status: Events['sync.status']): void {
  useSyncStore.getState().apply(status);
}

/** The desktop menu's Settings… (and the like): show that screen. */
export function applyAppShow(what: Events['app.show']): void {
  const { navigate } = useUiStore.getState();
  if (what.screen !== 'feedback') return navigate({ name: what.screen });
  if (what.a && what.b) return navigate({ name: 'compare', exercise: what.exercise, a: what.a, b: what.b });
  navigate({ name: 'exercise', id: what.exercise });
}

export function applyProfileChanged({ profile }: Events['profile.changed']): void {
  useProfileStore.getState().applyCurrent(profile);
  void useProfileStore.getState().refreshList();
}

/** Keeps every store in step with pushes from main; returns the unsubscribe function. */
export function connectLiveUpdates(): () => void {
  const offData = subscribe('data.changed', applyDataChanged);
  const offProfile = subscribe('profile.changed', applyProfileChanged);
  const offProgress = subscribe('job.progress', applyJobProgress);
  const offDone = subscribe('job.done', applyJobDone);
  const offSync = subscribe('sync.status', applySyncStatus);
  const offShow = subscribe('app.show', applyAppShow);
  // The network came back (the browser knows first in the web host; the desktop shell also polls):
  // sync tries at once rather than waiting out its backoff.
  const online = () => {
    const state = useSyncStore.getState().status?.state;
    if (state === 'offline' || state === 'error') void useSyncStore.getState().syncNow().catch(() => undefined);
  };
  globalThis.addEventListener?.('online', online);
  return () => {
    globalThis.removeEventListener?.('online', online);
    offShow();
    offSync();
    offData();
    offProfile();
    offProgress();
    offDone();
  };
}
