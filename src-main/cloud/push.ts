import type { z } from 'zod';
import type { CloudMutation, CloudUser, MutationResult, PushRequest, PushResponse, SyncEntityName } from '../../src-shared/cloud';
import { SYNC_ENTITIES, type FieldValue } from '../core/sync/entities';
import { MAX_DRIFT_MS, parseHlc } from '../core/sync/hlc';
import type { CloudContext } from './context';
import { toCloudRecord, type FieldMap, type StoredRecord } from './records';
import { MERGE_KEYS, OWNER_COLUMN, REFERENCES, TAGGABLE, childrenOf } from './relations';

type Answer = MutationResult;
type Row = Record<string, FieldValue>;

/** A mutation refused on purpose: rolled back, answered `rejected`, and remembered like any answer. */
class Refusal extends Error {
  constructor(
    readonly code: 'bad-request' | 'forbidden' | 'not-uploaded',
    message: string,
  ) {
    super(message);
  }
}

const EXERCISE_NAME_MAX = 140;

/**
 * `POST /api/sync/push`. Mutations are handled one by one, in order; each runs in its own transaction
 * together with its stored answer and the client's new high-water mark, so a crash between two leaves
 * every mutation either applied-and-answered or untouched (exactly once, even across restarts).
 */
export function push(ctx: CloudContext, actor: CloudUser, body: z.output<typeof PushRequest>): PushResponse {
  const owner = ctx.db.prepare('SELECT user_id FROM cloud_clients WHERE client_id = ?').pluck().get(body.clientId) as string | undefined;
  if (owner !== undefined && owner !== actor.id) {
    // Another account's client id: answering its stored results would leak them, applying would mix identities.
    return {
      results: body.mutations.map((m) => ({
        mutationId: m.mutationId,
        status: 'rejected',
        code: 'forbidden',
        message: 'This sync client belongs to another account.',
      })),
    };
  }
  const applier = new MutationApplier(ctx, actor);
  const handleOne = ctx.db.transaction((m: CloudMutation): Answer => {
    ctx.db.prepare('INSERT INTO cloud_clients (client_id, user_id) VALUES (?, ?) ON CONFLICT (client_id) DO NOTHING').run(body.clientId, actor.id);
    const last = ctx.db.prepare('SELECT last_mutation_id FROM cloud_clients WHERE client_id = ?').pluck().get(body.clientId) as number;
    if (m.mutationId <= last) {
      const stored = ctx.db.prepare('SELECT answer FROM cloud_results WHERE client_id = ? AND mutation_id = ?').pluck().get(body.clientId, m.mutationId) as
        | string
        | undefined;
      if (stored === undefined) {
        return {
          mutationId: m.mutationId,
          status: 'rejected',
          code: 'bad-request',
          message: `Mutation ${m.mutationId} arrived after mutation ${last} of this client: ids must increase.`,
        };
      }
      const original = JSON.parse(stored) as Answer;
      if (original.status === 'duplicate') throw new Error('a duplicate answer was stored');
      return {
        mutationId: m.mutationId,
        status: 'duplicate',
        original: original.status,
        ...(original.status === 'conflict' ? { record: original.record } : {}),
      };
    }
    const answer = applier.apply(m);
    ctx.db.prepare('INSERT INTO cloud_results (client_id, mutation_id, answer) VALUES (?, ?, ?)').run(body.clientId, m.mutationId, JSON.stringify(answer));
    ctx.db.prepare('UPDATE cloud_clients SET last_mutation_id = ? WHERE client_id = ?').run(m.mutationId, body.clientId);
    return answer;
  });
  const results = body.mutations.map((m): Answer => {
    if (m.clientId !== body.clientId) {
      return { mutationId: m.mutationId, status: 'rejected', code: 'bad-request', message: 'A mutation’s clientId must be the push’s clientId.' };
    }
    return handleOne(m);
  });
  return { results };
}

const isConstraintError = (error: unknown): error is Error =>
  typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_CONSTRAINT');

/** Applies one mutation under the ownership, visibility and merge rules (docs/cloud-api.md, "Push"). */
class MutationApplier {
  constructor(
    private readonly ctx: CloudContext,
    private readonly actor: CloudUser,
  ) {}

  /** Runs inside the caller's transaction; the work itself in a savepoint, so a refusal undoes it all. */
  apply(m: CloudMutation): Answer {
    const attempt = this.ctx.db.transaction(() => (m.op === 'delete' ? this.remove(m) : this.upsert(m)));
    try {
      return attempt();
    } catch (error) {
      if (error instanceof Refusal) return { mutationId: m.mutationId, status: 'rejected', code: error.code, message: error.message };
      if (isConstraintError(error)) {
        return {
          mutationId: m.mutationId,
          status: 'rejected',
          code: 'bad-request',
          message: `The ${m.entity} breaks a rule of the data model (${error.message}).`,
        };
      }
      throw error;
    }
  }

  private upsert(m: CloudMutation): Answer {
    const entity = m.entity;
    if (entity === 'roster') throw new Refusal('forbidden', 'Roster rows are made by joining with an invite code, never pushed.');
    const columns: readonly string[] = SYNC_ENTITIES[entity].columns;
    const unknown = Object.keys(m.fields).filter((f) => !columns.includes(f));
    if (unknown.length > 0) throw new Refusal('bad-request', `${entity} has no synced field ${unknown.join(', ')}.`);
    this.observeStamps(m.fields);

    const existing = this.ctx.records.get(entity, m.id);
    if (existing?.deleted) return this.conflict(m, 'deleted', existing);
    return existing ? this.update(m, existing) : this.insert(m);
  }

  private insert(m: CloudMutation): Answer {
    const entity = m.entity;
    const values: Row = Object.fromEntries(Object.entries(m.fields).map(([k, v]) => [k, v.value]));
    this.authorizeCreate(entity, values);
    this.checkReferences(entity, values);
    if (entity === 'videoasset') this.requireUploaded(values['owner'], values['checksum_sha256']);
    const same = this.findSame(entity, values, m.id);
    if (same) return this.conflict(m, 'merged', same);

    const fields: FieldMap = { ...m.fields };
    const renamed = entity === 'exercise' && this.renameIfTaken(fields, values['created_by'], m.id);
    const row: Row = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.value]));
    // Local-only columns keep their defaults; an asset's bytes are never "local" to the cloud.
    if (entity === 'videoasset') row['local_state'] = 'remote';
    const cols = Object.keys(row);
    this.ctx.db
      .prepare(`INSERT INTO ${SYNC_ENTITIES[entity].table} (id${cols.map((c) => `, ${c}`).join('')}) VALUES (@id${cols.map((c) => `, @${c}`).join('')})`)
      .run({ ...row, id: m.id });
    // Referenced records first: a desktop that could not see them before gets them before this one.
    this.resendReferenced(entity, row);
    const stored = this.ctx.records.write(entity, m.id, fields);
    return renamed ? this.conflict(m, 'renamed', stored) : { mutationId: m.mutationId, status: 'applied' };
  }

  private update(m: CloudMutation, existing: StoredRecord): Answer {
    const entity = m.entity;
    const { table } = SYNC_ENTITIES[entity];
    const row = this.ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(m.id) as Row | undefined;
    if (!row) throw new Error(`live record ${entity} ${m.id} has no mirror row`);
    // Only what would change is judged: re-sending a field with its stored value (a profile's first
    // push of its own user record, a retry) is no edit.
    this.authorizeChange(entity, row, Object.keys(m.fields).filter((f) => row[f] !== m.fields[f]!.value));

    // Last writer wins, per field: a sent field is written only when its stamp is newer.
    const winners: FieldMap = {};
    for (const [field, stamp] of Object.entries(m.fields)) {
      const current = existing.fields[field];
      if (current === undefined || stamp.hlc > current.hlc) winners[field] = stamp;
    }
    if (Object.keys(winners).length === 0) return this.conflict(m, 'stale', existing);

    const changed: Row = Object.fromEntries(Object.entries(winners).map(([k, v]) => [k, v.value]));
    const ownerColumn = OWNER_COLUMN[entity];
    if (ownerColumn && ownerColumn in changed && changed[ownerColumn] !== row[ownerColumn]) {
      throw new Refusal('forbidden', `The ${ownerColumn} of a ${entity} cannot change.`);
    }
    this.checkReferences(entity, changed);
    if (entity === 'videoasset' && 'checksum_sha256' in changed && changed['checksum_sha256'] !== row['checksum_sha256']) {
      this.requireUploaded(row['owner'], changed['checksum_sha256']);
    }
    const renamed = entity === 'exercise' && 'name' in winners && this.renameIfTaken(winners, row['created_by'] ?? null, m.id);
    const update: Row = Object.fromEntries(Object.entries(winners).map(([k, v]) => [k, v.value]));
    const cols = Object.keys(update);
    this.ctx.db.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...update, id: m.id });
    this.resendReferenced(entity, update);
    const stored = this.ctx.records.write(entity, m.id, { ...existing.fields, ...winners });
    return renamed ? this.conflict(m, 'renamed', stored) : { mutationId: m.mutationId, status: 'applied' };
  }

  /**
   * A delete leaves a tombstone (deletes win over later edits), sent to everyone who could see the
   * record just before; the rows the foreign keys cascade to get tombstones of their own.
   */
  private remove(m: CloudMutation): Answer {
    const entity = m.entity;
    if (entity === 'roster') throw new Refusal('forbidden', 'Roster rows are never pushed.');
    if (entity === 'user') throw new Refusal('forbidden', 'Accounts are not deleted through sync.');
    if (entity === 'tag') throw new Refusal('forbidden', 'Tags are shared by everyone and are not deleted; remove the tag from your content instead.');
    this.observeStamps(m.fields);
    const existing = this.ctx.records.get(entity, m.id);
    if (existing?.deleted) return { mutationId: m.mutationId, status: 'applied' };
    if (!existing) {
      // Never pushed (made and deleted offline, or lost): a tombstone keeps a late upsert of it out.
      this.ctx.records.write(entity, m.id, {}, true, [this.actor.id]);
      return { mutationId: m.mutationId, status: 'applied' };
    }
    const { table } = SYNC_ENTITIES[entity];
    const row = this.ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(m.id) as Row | undefined;
    if (!row) throw new Error(`live record ${entity} ${m.id} has no mirror row`);
    this.authorizeChange(entity, row, null);

    const doomed = this.cascade(entity, m.id);
    const audiences = doomed.map((d) => this.ctx.visibility.audienceOf(d.entity, d.id));
    this.ctx.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(m.id);
    doomed.forEach((d, i) => {
      const record = this.ctx.records.get(d.entity, d.id);
      if (record && !record.deleted) this.ctx.records.write(d.entity, d.id, record.fields, true, audiences[i]!);
    });
    return { mutationId: m.mutationId, status: 'applied' };
  }

  /** The record and every live row its delete will cascade to, children before parents. */
  private cascade(entity: SyncEntityName, id: string): { entity: SyncEntityName; id: string }[] {
    const seen = new Set<string>();
    const out: { entity: SyncEntityName; id: string }[] = [];
    const visit = (e: SyncEntityName, i: string) => {
      const key = `${e}:${i}`;
      if (seen.has(key)) return;
      seen.add(key);
      for (const child of childrenOf(e)) {
        const ids = this.ctx.db.prepare(`SELECT id FROM ${SYNC_ENTITIES[child.entity].table} WHERE ${child.column} = ?`).pluck().all(i) as string[];
        for (const c of ids) visit(child.entity, c);
      }
      // content_tags point at their content through a trigger, not a foreign key.
      if (Object.hasOwn(TAGGABLE, e)) {
        const links = this.ctx.db.prepare('SELECT id FROM content_tags WHERE content_type = ? AND content_id = ?').pluck().all(e, i) as string[];
        for (const c of links) visit('content_tag', c);
      }
      out.push({ entity: e, id: i });
    };
    visit(entity, id);
    return out;
  }

  private conflict(m: CloudMutation, reason: 'deleted' | 'renamed' | 'merged' | 'stale', record: StoredRecord): Answer {
    return { mutationId: m.mutationId, status: 'conflict', reason, record: toCloudRecord(record) };
  }

  /** Keeps the server clock ahead of every accepted stamp; refuses stamps from a clock far in the future. */
  private observeStamps(fields: FieldMap): void {
    const now = this.ctx.now();
    for (const { hlc } of Object.values(fields)) {
      const millis = parseHlc(hlc).millis;
      if (!Number.isFinite(millis)) throw new Refusal('bad-request', `${hlc} is not a valid clock stamp.`);
      if (millis - now > MAX_DRIFT_MS) {
        throw new Refusal('bad-request', `The clock stamp ${hlc} is more than ${MAX_DRIFT_MS / 60_000} minutes ahead of the cloud: check this computer's clock.`);
      }
    }
    for (const { hlc } of Object.values(fields)) this.ctx.clock.observe(hlc);
  }

  private authorizeCreate(entity: SyncEntityName, values: Row): void {
    const me = this.actor.id;
    switch (entity) {
      case 'user':
        throw new Refusal('forbidden', 'Accounts are made by registering, not by pushing a user record.');
      case 'tag':
        return;
      case 'content_tag':
        if (this.contentOwner(values['content_type'], values['content_id']) !== me) {
          throw new Refusal('forbidden', 'You can only tag your own exercises, videos, clips and comments.');
        }
        return;
      case 'submission_attempt':
        if (this.submissionStudent(values['submission']) !== me) throw new Refusal('forbidden', 'Only the submission’s student can add an attempt.');
        return;
      default: {
        const column = OWNER_COLUMN[entity]!;
        if (values[column] !== me) throw new Refusal('forbidden', `A new ${entity} must have you as its ${column}.`);
      }
    }
  }

  /** Edits (`fields` = the columns sent) and deletes (`fields` = null) of an existing record. */
  private authorizeChange(entity: SyncEntityName, row: Row, fields: readonly string[] | null): void {
    const me = this.actor.id;
    const verb = fields ? 'change' : 'delete';
    switch (entity) {
      case 'user':
        if (row['id'] !== me) throw new Refusal('forbidden', 'You can only change your own account.');
        if (fields?.includes('role')) throw new Refusal('forbidden', 'A role cannot change: register a new account for the other role.');
        return;
      case 'tag':
        throw new Refusal('forbidden', 'Tags are shared by everyone: make a new tag instead of renaming one.');
      case 'content_tag':
        if (this.contentOwner(row['content_type'], row['content_id']) !== me) throw new Refusal('forbidden', `Only the content’s owner can ${verb} its tags.`);
        return;
      case 'submission_attempt':
        if (this.submissionStudent(row['submission']) !== me) throw new Refusal('forbidden', `Only the submission’s student can ${verb} an attempt.`);
        return;
      case 'submission': {
        if (row['student'] === me) return;
        const coach = this.ctx.db.prepare('SELECT created_by FROM exercises_exercise WHERE id = ?').pluck().get(row['exercise']);
        // The exercise's coach reviews: status (and the matching updated_at), nothing else.
        if (fields && coach === me && fields.every((f) => f === 'status' || f === 'updated_at')) return;
        throw new Refusal('forbidden', fields ? 'Only the student changes a submission; the coach only sets its status.' : 'Only the student can delete a submission.');
      }
      case 'alignment':
        if (!this.ctx.visibility.sees(me, 'exercise', row['exercise'] as string)) throw new Refusal('forbidden', `You cannot ${verb} alignments of this exercise.`);
        return;
      default: {
        const column = OWNER_COLUMN[entity]!;
        if (row[column] !== me) throw new Refusal('forbidden', `Only its ${column} can ${verb} this ${entity}.`);
      }
    }
  }

  /** Every record a new or changed reference points at must exist and be visible to the author. */
  private checkReferences(entity: SyncEntityName, values: Row): void {
    const refs = REFERENCES[entity] ?? {};
    for (const [column, target] of Object.entries(refs)) {
      const id = values[column];
      if (typeof id !== 'string') continue;
      if (this.ctx.visibility.sees(this.actor.id, target, id)) continue;
      const record = this.ctx.records.get(target, id);
      if (!record || record.deleted) throw new Refusal('bad-request', `The ${target} this ${entity} refers to (${column}) does not exist or was deleted.`);
      throw new Refusal('forbidden', `The ${target} this ${entity} refers to (${column}) is not visible to you.`);
    }
  }

  /** An asset's record is accepted only once its owner's bytes are in storage and verified. */
  private requireUploaded(owner: FieldValue | undefined, sha256: FieldValue | undefined): void {
    if (typeof sha256 !== 'string') return;
    const verified = this.ctx.db.prepare('SELECT 1 FROM cloud_objects WHERE owner = ? AND sha256 = ?').get(owner ?? null, sha256);
    if (!verified) throw new Refusal('not-uploaded', 'Upload the video’s bytes (and complete the upload) before pushing its record.');
  }

  private findSame(entity: SyncEntityName, values: Row, id: string): StoredRecord | undefined {
    const keys = MERGE_KEYS[entity];
    if (!keys || keys.some((k) => values[k] === undefined || values[k] === null)) return undefined;
    const match = this.ctx.db
      .prepare(`SELECT id FROM ${SYNC_ENTITIES[entity].table} WHERE ${keys.map((k) => `${k} = @${k}`).join(' AND ')} AND id <> @id`)
      .pluck()
      .get({ ...Object.fromEntries(keys.map((k) => [k, values[k]])), id }) as string | undefined;
    return match === undefined ? undefined : this.ctx.records.get(entity, match);
  }

  /**
   * The same user named two exercises alike on two devices: keep both, and rename this one to the
   * first free "Name (n)", stamped by the server clock so the new name wins everywhere.
   */
  private renameIfTaken(fields: FieldMap, owner: FieldValue | undefined, id: string): boolean {
    const name = fields['name']?.value;
    if (typeof name !== 'string' || typeof owner !== 'string') return false;
    const taken = this.ctx.db.prepare('SELECT 1 FROM exercises_exercise WHERE name = ? AND created_by = ? AND id <> ?');
    if (!taken.get(name, owner, id)) return false;
    for (let n = 2; ; n++) {
      const suffix = ` (${n})`;
      const candidate = `${name.slice(0, EXERCISE_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
      if (!taken.get(candidate, owner, id)) {
        fields['name'] = { value: candidate, hlc: this.ctx.clock.stamp() };
        return true;
      }
    }
  }

  /**
   * Records whose visibility follows a reference (a coach's video used in feedback, a clip's source)
   * may have just become visible to someone who passed them in an earlier pull: re-send them.
   */
  private resendReferenced(entity: SyncEntityName, values: Row): void {
    const refs = REFERENCES[entity] ?? {};
    for (const [column, target] of Object.entries(refs)) {
      const id = values[column];
      if (typeof id !== 'string' || target === 'tag') continue;
      if (target === 'videoasset') {
        // An asset's own clips (its bytes) and their sources become visible with it.
        const clips = this.ctx.db.prepare('SELECT id, original_video FROM core_videoclip WHERE clip_asset = ?').all(id) as { id: string; original_video: string }[];
        for (const clip of clips) this.ctx.records.bump('videoasset', clip.original_video);
        this.ctx.records.bump('videoasset', id);
        for (const clip of clips) this.ctx.records.bump('clip', clip.id);
      } else {
        this.ctx.records.bump(target, id);
      }
    }
  }

  private contentOwner(type: FieldValue | undefined, id: FieldValue | undefined): string | undefined {
    const target = typeof type === 'string' && Object.hasOwn(TAGGABLE, type) ? TAGGABLE[type] : undefined;
    if (!target) throw new Refusal('bad-request', 'content_type must be exercise, videoasset, clip or comment.');
    const owner = this.ctx.db.prepare(`SELECT ${target.owner} FROM ${target.table} WHERE id = ?`).pluck().get(id ?? null) as string | undefined;
    if (owner === undefined) throw new Refusal('bad-request', `The tagged ${type} does not exist.`);
    return owner;
  }

  private submissionStudent(id: FieldValue | undefined): string {
    const student = this.ctx.db.prepare('SELECT student FROM submissions_submission WHERE id = ?').pluck().get(id ?? null) as string | undefined;
    if (student === undefined) throw new Refusal('bad-request', 'The submission this attempt belongs to does not exist.');
    return student;
  }
}
