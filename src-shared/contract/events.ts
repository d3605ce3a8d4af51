import type { Profile } from '../domain';

/** Push events from main to the renderer, one typed map for both shells. */
export interface Events {
  /** Records changed (by this window, another, or sync): lists showing these entities reload. */
  'data.changed': { entities: string[] };
  'profile.changed': { profile: Profile | null };
}
export type EventName = keyof Events;
export const EVENT_NAMES = ['data.changed', 'profile.changed'] as const satisfies readonly EventName[];
