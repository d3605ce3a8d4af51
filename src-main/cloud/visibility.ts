import type { Database, Statement } from 'better-sqlite3';
import type { SyncEntityName } from '../../src-shared/cloud';
import { assetVisible, clipVisible, commentVisible, exerciseVisible, submissionVisible } from '../core/db/visibility';
import { SYNC_ENTITIES } from '../core/sync/entities';

/**
 * Who may see a live record, per entity, as SQL over the mirror row `t` and `@actor`. Built on the
 * desktop's own fragments (src-main/core/db/visibility.ts) so both sides draw the line in one place;
 * what the desktop does not need to decide (users, the roster, tags, votes, comparisons, alignments,
 * attempts) is added here, following the record it hangs on.
 */
const rosterPartner = (user: string) => `EXISTS (SELECT 1 FROM coaching_roster vr
  WHERE (vr.coach = @actor AND vr.student = ${user}) OR (vr.student = @actor AND vr.coach = ${user}))`;

const VISIBLE: Record<SyncEntityName, string> = {
  // Self, roster partners, and fellow students of one's coaches: their comments and votes on the
  // coach's exercises are visible, and a desktop needs their user row for its foreign keys.
  user: `(t.id = @actor OR ${rosterPartner('t.id')}
    OR EXISTS (SELECT 1 FROM coaching_roster v1 JOIN coaching_roster v2 ON v2.coach = v1.coach
               WHERE v1.student = @actor AND v2.student = t.id))`,
  roster: `(t.coach = @actor OR t.student = @actor)`,
  videoasset: assetVisible('t'),
  clip: clipVisible('t'),
  exercise: exerciseVisible('t'),
  submission: `EXISTS (SELECT 1 FROM exercises_exercise se WHERE se.id = t.exercise AND ${submissionVisible('t', 'se')})`,
  submission_attempt: `EXISTS (SELECT 1 FROM submissions_submission ts JOIN exercises_exercise tse ON tse.id = ts.exercise
    WHERE ts.id = t.submission AND ${submissionVisible('ts', 'tse')})`,
  comparison: `(t.student = @actor OR EXISTS (SELECT 1 FROM exercises_exercise ce WHERE ce.id = t.exercise AND ce.created_by = @actor))`,
  alignment: `EXISTS (SELECT 1 FROM exercises_exercise le WHERE le.id = t.exercise AND ${exerciseVisible('le')})`,
  comment: `EXISTS (SELECT 1 FROM exercises_exercise me WHERE me.id = t.exercise AND ${commentVisible('t', 'me')})`,
  // Tag names are one shared, case-insensitive namespace (a name taken by anyone merges), so a tag is
  // no secret: everyone gets every tag, which keeps a tag's arrival independent of its links.
  tag: '1',
  content_tag: `CASE t.content_type
    WHEN 'exercise'   THEN EXISTS (SELECT 1 FROM exercises_exercise xe WHERE xe.id = t.content_id AND ${exerciseVisible('xe')})
    WHEN 'videoasset' THEN EXISTS (SELECT 1 FROM core_videoasset xa WHERE xa.id = t.content_id AND ${assetVisible('xa')})
    WHEN 'clip'       THEN EXISTS (SELECT 1 FROM core_videoclip xk WHERE xk.id = t.content_id AND ${clipVisible('xk')})
    WHEN 'comment'    THEN EXISTS (SELECT 1 FROM comments_videocomment xc JOIN exercises_exercise xce ON xce.id = xc.exercise
                                   WHERE xc.id = t.content_id AND ${commentVisible('xc', 'xce')})
    ELSE 0 END`,
  vote: `EXISTS (SELECT 1 FROM comments_videocomment oc JOIN exercises_exercise oe ON oe.id = oc.exercise
    WHERE oc.id = t.comment AND ${commentVisible('oc', 'oe')})`,
};

/** Prepared visibility checks, one statement per entity and question. */
export class Visibility {
  private readonly canSee = new Map<SyncEntityName, Statement>();
  private readonly audience = new Map<SyncEntityName, Statement>();
  private readonly visibleIds = new Map<SyncEntityName, Statement>();

  constructor(private readonly db: Database) {}

  /** Whether the live record `id` is visible to `actor` (false when there is no such live row). */
  sees(actor: string, entity: SyncEntityName, id: string): boolean {
    let stmt = this.canSee.get(entity);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT 1 FROM ${SYNC_ENTITIES[entity].table} t WHERE t.id = @id AND ${VISIBLE[entity]}`).pluck();
      this.canSee.set(entity, stmt);
    }
    return stmt.get({ id, actor }) !== undefined;
  }

  /**
   * Everyone who can see the live record now: a tombstone is sent to exactly them. The fragments take
   * `@actor` as a parameter; here it becomes a column, so one query asks the question for every user.
   */
  audienceOf(entity: SyncEntityName, id: string): string[] {
    let stmt = this.audience.get(entity);
    if (!stmt) {
      const perUser = VISIBLE[entity].replaceAll('@actor', 'aud.id');
      stmt = this.db
        .prepare(`SELECT aud.id FROM auth_user aud WHERE EXISTS (SELECT 1 FROM ${SYNC_ENTITIES[entity].table} t WHERE t.id = @id AND ${perUser}) ORDER BY aud.id`)
        .pluck();
      this.audience.set(entity, stmt);
    }
    return stmt.all({ id }) as string[];
  }

  /** Ids of every live record of `entity` that `actor` can see (for re-sending after a roster change). */
  allVisible(actor: string, entity: SyncEntityName): string[] {
    let stmt = this.visibleIds.get(entity);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT t.id FROM ${SYNC_ENTITIES[entity].table} t WHERE ${VISIBLE[entity]}`).pluck();
      this.visibleIds.set(entity, stmt);
    }
    return stmt.all({ actor }) as string[];
  }
}
