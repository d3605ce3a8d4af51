import type { Profile } from '../domain';
import type { JobInfo } from './media';
import type { SyncStatus } from './sync';

/** Push events from main to the renderer, one typed map for both shells. */
export interface Events {
  /** Records changed (by this window, another, or sync): lists showing these entities reload. */
  'data.changed': { entities: string[] };
  'profile.changed': { profile: Profile | null };
  /** A job moved (throttled to about ten a second per job). */
  'job.progress': JobInfo;
  /** A job ended: done, failed or cancelled. */
  'job.done': JobInfo;
  /** Sync moved: state, counts, progress (throttled). */
  'sync.status': SyncStatus;
  /**
   * The desktop shell asks the window to show a screen: Settings… and the sync panel from the menu;
   * a new-feedback notification's click shows that feedback in its comparison (or on its exercise).
   */
  'app.show': { screen: 'settings' | 'sync' } | { screen: 'feedback'; exercise: string; a: string | null; b: string | null };
}
export type EventName = keyof Events;
export const EVENT_NAMES = ['data.changed', 'profile.changed', 'job.progress', 'job.done', 'sync.status', 'app.show'] as const satisfies readonly EventName[];
