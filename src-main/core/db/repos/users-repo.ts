import type { Database, Statement } from 'better-sqlite3';
import type { User } from '../../../../src-shared/domain';
import type { Role } from '../../../../src-shared/primitives';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  created_at: string;
  updated_at: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class UsersRepo {
  private readonly byId: Statement<[string], UserRow>;
  private readonly insertStmt: Statement;
  private readonly rosterOf: Statement<[string, string], UserRow & { since: string }>;
  private readonly rosterLink: Statement<[string, string, string, string], { found: 1 }>;

  constructor(db: Database) {
    this.byId = db.prepare('SELECT * FROM auth_user WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO auth_user (id, username, display_name, role, created_at, updated_at)
       VALUES (@id, @username, @displayName, @role, @createdAt, @updatedAt)`,
    );
    // A coach's students, or a student's coaches.
    this.rosterOf = db.prepare(
      `SELECT u.*, r.created_at AS since FROM coaching_roster r
         JOIN auth_user u ON u.id = CASE WHEN r.coach = ? THEN r.student ELSE r.coach END
        WHERE ? IN (r.coach, r.student)
        ORDER BY u.display_name COLLATE NOCASE`,
    );
    this.rosterLink = db.prepare(
      'SELECT 1 AS found FROM coaching_roster WHERE (coach = ? AND student = ?) OR (coach = ? AND student = ?)',
    );
  }

  get(id: string): User | undefined {
    const row = this.byId.get(id);
    return row && toUser(row);
  }

  insert(user: User): void {
    this.insertStmt.run(user);
  }

  roster(userId: string): { user: User; since: string }[] {
    return this.rosterOf.all(userId, userId).map((r) => ({ user: toUser(r), since: r.since }));
  }

  /** True when one coaches the other, in either direction. */
  linked(a: string, b: string): boolean {
    return this.rosterLink.get(a, b, b, a) !== undefined;
  }
}
