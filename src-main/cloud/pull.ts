import type { CloudUser, PullResponse } from '../../src-shared/cloud';
import { PULL_MAX_LIMIT } from '../../src-shared/cloud';
import { HttpError } from './http';
import type { CloudContext } from './context';
import { rowToStored, toCloudRecord } from './records';

export const PULL_DEFAULT_LIMIT = 500;
/** At most this many rows are looked at per call, so a caller who may see little never makes one call scan everything. */
const SCAN_FACTOR = 4;

/**
 * `GET /api/sync/pull`: records with seq above the cursor that the caller may see, in seq order. The
 * cursor is the last seq *looked at*, visible or not, so filtered-out rows are never scanned twice;
 * when nothing changed this is one probe of the seq index.
 */
export function pull(ctx: CloudContext, actor: CloudUser, query: URLSearchParams): PullResponse {
  const cursorText = query.get('cursor') ?? '';
  if (!/^\d{0,15}$/.test(cursorText)) throw new HttpError('bad-request', 'cursor: must be a cursor from an earlier pull, or empty.');
  const cursor = cursorText === '' ? 0 : Number(cursorText);
  const limitText = query.get('limit');
  let limit = PULL_DEFAULT_LIMIT;
  if (limitText !== null && limitText !== '') {
    if (!/^\d{1,7}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > PULL_MAX_LIMIT) {
      throw new HttpError('bad-request', `limit: must be a whole number from 1 to ${PULL_MAX_LIMIT}.`);
    }
    limit = Number(limitText);
  }

  const scan = ctx.db
    .prepare('SELECT entity, id, fields, deleted, audience, seq FROM cloud_records WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(cursor, limit * SCAN_FACTOR) as Parameters<typeof rowToStored>[0][];
  const records: PullResponse['records'] = [];
  let last = cursor;
  for (const row of scan) {
    if (records.length === limit) break;
    last = row.seq;
    const record = rowToStored(row);
    const visible = record.deleted
      ? (record.audience ?? []).includes(actor.id)
      : ctx.visibility.sees(actor.id, record.entity, record.id);
    if (visible) records.push(toCloudRecord(record));
  }
  const more = ctx.db.prepare('SELECT 1 FROM cloud_records WHERE seq > ? LIMIT 1').get(last) !== undefined;
  return { records, cursor: String(last), more };
}
