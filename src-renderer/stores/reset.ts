import { useExerciseStore } from './exercise-store';
import { useExercisesStore } from './exercises-store';
import { useAssetStore } from './asset-store';
import { useAssetsStore } from './assets-store';
import { useJobsStore } from './jobs-store';
import { useRecordingsStore } from './recordings-store';
import { useStackStore } from './stack-store';
import { useSyncStore } from './sync-store';
import { useTagsStore } from './tags-store';
import { useUiStore } from './ui-store';

/** Forgets everything loaded for the previous profile, and starts again on the first screen. */
export function resetProfileData(): void {
  useExercisesStore.getState().reset();
  useStackStore.getState().reset();
  useExerciseStore.getState().close();
  useTagsStore.getState().reset();
  useAssetsStore.getState().reset();
  useAssetStore.getState().close();
  useJobsStore.getState().reset();
  useRecordingsStore.getState().reset();
  useSyncStore.getState().reset();
  useUiStore.getState().resetForProfile();
}
