import { SYNC_ENTITY_NAMES } from '../../src-shared/cloud';
import type { CloudContext } from './context';

/**
 * Re-sends every live record the given users can see, in dependency order (users, then the roster row
 * written by `afterUsers`, then assets before the clips and exercises that use them, …), so a desktop
 * applying a page in order never meets a reference to a row it does not have yet. The cost is bounded
 * by what the two parties can see; re-sent records are harmless to others (last writer wins is idempotent).
 */
export function bumpEverythingVisibleTo(ctx: CloudContext, users: readonly string[], afterUsers: () => void): void {
  for (const entity of SYNC_ENTITY_NAMES) {
    if (entity === 'roster') {
      afterUsers();
      continue;
    }
    // Tags are visible to everyone already.
    if (entity === 'tag') continue;
    const ids = new Set<string>();
    for (const user of users) for (const id of ctx.visibility.allVisible(user, entity)) ids.add(id);
    for (const id of ids) ctx.records.bump(entity, id);
  }
}
