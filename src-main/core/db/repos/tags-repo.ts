import type { Database, Statement } from 'better-sqlite3';
import type { Tag } from '../../../../src-shared/domain';
import type { TagContentType } from '../../../../src-shared/primitives';

interface TagRow {
  id: string;
  name: string;
  created_at: string;
}
export const toTag = (r: TagRow): Tag => ({ id: r.id, name: r.name, createdAt: r.created_at });

export interface LinkRow {
  id: string;
  content_type: TagContentType;
  content_id: string;
  tag_id: string;
  created_at: string;
}

export class TagsRepo {
  private readonly byId: Statement<[string], TagRow>;
  private readonly byName: Statement<[string], TagRow>;
  private readonly insertStmt: Statement<[TagRow]>;
  private readonly listStmt: Statement<[{ like: string | null; contentType: string | null; contentId: string | null }], TagRow & { usage: number }>;
  private readonly linkStmt: Statement<[string, string, string], LinkRow>;
  private readonly attachStmt: Statement<[LinkRow]>;
  private readonly detachStmt: Statement<[string]>;
  private readonly forContent: Statement<[string, string], TagRow & { content_id: string }>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM tags_tag WHERE id = ?');
    this.byName = db.prepare('SELECT * FROM tags_tag WHERE name = ?'); // the column is NOCASE
    this.insertStmt = db.prepare('INSERT INTO tags_tag (id, name, created_at) VALUES (@id, @name, @created_at)');
    this.listStmt = db.prepare(
      `SELECT t.*, (SELECT count(*) FROM content_tags x WHERE x.tag_id = t.id) AS usage FROM tags_tag t
        WHERE (@like IS NULL OR t.name LIKE @like ESCAPE '\\')
          AND (@contentId IS NULL OR EXISTS (SELECT 1 FROM content_tags ct
                WHERE ct.tag_id = t.id AND ct.content_type = @contentType AND ct.content_id = @contentId))
        ORDER BY usage DESC, t.name COLLATE NOCASE
        LIMIT 200`,
    );
    this.linkStmt = db.prepare('SELECT * FROM content_tags WHERE content_type = ? AND content_id = ? AND tag_id = ?');
    this.attachStmt = db.prepare(
      `INSERT INTO content_tags (id, content_type, content_id, tag_id, created_at)
       VALUES (@id, @content_type, @content_id, @tag_id, @created_at)`,
    );
    this.detachStmt = db.prepare('DELETE FROM content_tags WHERE id = ?');
    this.forContent = db.prepare(
      `SELECT t.*, ct.content_id FROM content_tags ct JOIN tags_tag t ON t.id = ct.tag_id
        WHERE ct.content_type = ? AND ct.content_id IN (SELECT value FROM json_each(?))
        ORDER BY t.name COLLATE NOCASE`,
    );
  }

  get(id: string): Tag | undefined {
    const row = this.byId.get(id);
    return row && toTag(row);
  }
  findByName(name: string): Tag | undefined {
    const row = this.byName.get(name);
    return row && toTag(row);
  }
  insert(tag: Tag): void {
    this.insertStmt.run({ id: tag.id, name: tag.name, created_at: tag.createdAt });
  }
  list(like: string | null, contentType: string | null, contentId: string | null) {
    return this.listStmt.all({ like, contentType, contentId }).map((r) => ({ ...toTag(r), usage: r.usage }));
  }
  link(contentType: TagContentType, contentId: string, tagId: string): LinkRow | undefined {
    return this.linkStmt.get(contentType, contentId, tagId);
  }
  attach(link: LinkRow): void {
    this.attachStmt.run(link);
  }
  detach(linkId: string): void {
    this.detachStmt.run(linkId);
  }
  /** Tags of many items of one type at once, grouped by item id. */
  tagsOf(contentType: TagContentType, ids: readonly string[]): Map<string, Tag[]> {
    const byItem = new Map<string, Tag[]>();
    if (ids.length === 0) return byItem;
    for (const row of this.forContent.all(contentType, JSON.stringify(ids))) {
      const list = byItem.get(row.content_id) ?? [];
      list.push(toTag(row));
      byItem.set(row.content_id, list);
    }
    return byItem;
  }
}
