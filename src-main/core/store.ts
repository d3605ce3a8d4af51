import type { Database } from 'better-sqlite3';
import type { User } from '../../src-shared/domain';
import { AssetsRepo } from './db/repos/assets-repo';
import { ClipsRepo } from './db/repos/clips-repo';
import { CommentsRepo, VotesRepo } from './db/repos/comments-repo';
import { ComparisonsRepo } from './db/repos/comparisons-repo';
import { ExercisesRepo } from './db/repos/exercises-repo';
import { SubmissionsRepo } from './db/repos/submissions-repo';
import { TagsRepo } from './db/repos/tags-repo';
import { UsersRepo } from './db/repos/users-repo';
import { isoNow } from './db/time';
import { MediaStore } from './media/media-store';
import { ChangeLog } from './sync/change-log';
import type { JobRunner } from './jobs/job-runner';
import type { ComparisonExports } from './media/comparison-export';
import type { MediaPipeline } from './media/pipeline';
import type { Recordings } from './media/recordings';

/** One open profile database: its repositories (statements prepared once), change log and media. */
export class ProfileStore {
  readonly users: UsersRepo;
  readonly assets: AssetsRepo;
  readonly clips: ClipsRepo;
  readonly exercises: ExercisesRepo;
  readonly submissions: SubmissionsRepo;
  readonly comments: CommentsRepo;
  readonly votes: VotesRepo;
  readonly comparisons: ComparisonsRepo;
  readonly tags: TagsRepo;
  readonly changes: ChangeLog;
  readonly media: MediaStore;

  constructor(
    readonly db: Database,
    readonly profileDir: string,
    readonly now: () => number = Date.now,
  ) {
    this.users = new UsersRepo(db);
    this.assets = new AssetsRepo(db);
    this.clips = new ClipsRepo(db);
    this.exercises = new ExercisesRepo(db);
    this.submissions = new SubmissionsRepo(db);
    this.comments = new CommentsRepo(db);
    this.votes = new VotesRepo(db);
    this.comparisons = new ComparisonsRepo(db);
    this.tags = new TagsRepo(db);
    this.changes = new ChangeLog(db, now);
    this.media = new MediaStore(profileDir);
  }

  /** Runs `fn` in one IMMEDIATE transaction: all of a multi-step write, or none of it. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  time(): string {
    return isoNow(this.now());
  }

  /** The user this profile belongs to. */
  profileUser(): User {
    const row = this.db.prepare('SELECT user_id FROM local_profile WHERE singleton = 1').get() as { user_id: string } | undefined;
    const user = row && this.users.get(row.user_id);
    if (!user) throw new Error('profile database has no profile user');
    return user;
  }

  close(): void {
    if (!this.db.open) return;
    // Fold the WAL back into the main file so a copied or backed-up profile is one consistent file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

/** What every profile-bound handler receives: the open store, who is acting, and a change signal. */
export interface Session {
  store: ProfileStore;
  actor: User;
  /** Tells every window that records of these entities changed. */
  changed(...entities: string[]): void;
  /** The profile's media engine and its jobs (absent in sessions built for tests that need neither). */
  media?: MediaSession;
}

export interface MediaSession {
  pipeline: MediaPipeline;
  jobs: JobRunner;
  recordings: Recordings;
  exports: ComparisonExports;
}
