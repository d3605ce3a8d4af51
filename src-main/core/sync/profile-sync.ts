import type { SyncStatus } from '../../../src-shared/contract/sync';
import type { User } from '../../../src-shared/domain';
import { CoreError } from '../errors';
import type { SecretStore, Settings } from '../ports';
import type { ProfileStore } from '../store';
import { CloudCallError, CloudClient } from './cloud-client';
import { SyncScheduler, type SyncState } from './scheduler';
import { SyncEngine, offloadOriginal, type SyncPass, type SyncProgress } from './sync-engine';

export const tokenKey = (profileId: string) => `cloud-token:${profileId}`;

export interface ProfileSyncOptions {
  store: ProfileStore;
  actor: User;
  settings: Settings;
  secrets: SecretStore;
  onStatus: (status: SyncStatus) => void;
  onChanged: (entities: string[]) => void;
  onAssetArrived: (assetId: string) => void;
  log: (level: 'warn' | 'error', message: string, error?: unknown) => void;
  fetch?: typeof fetch;
  /** Scheduler timings (tests make them short). */
  timing?: { debounceMs?: number; periodMs?: number; backoffBaseMs?: number; backoffMaxMs?: number };
  /** Per request and per stalled transfer. */
  timeoutMs?: number;
  /** Background downloads per pass. */
  downloadsPerPass?: number;
}

const MAX_NOTICES = 20;

/**
 * Sync for the open profile: its account (cloud address in settings, token in the secret store,
 * never in settings, logs or the database), the engine, the scheduler, and the status the indicator
 * shows. Without an account it is `off` and costs nothing.
 */
export class ProfileSync {
  private client: CloudClient | null = null;
  private engine: SyncEngine | null = null;
  private scheduler: SyncScheduler | null = null;
  private state: SyncState = 'idle';
  private error: string | null = null;
  private retryAt: number | null = null;
  private progress: SyncProgress | null = null;
  private notices: string[] = [];
  private lastEmit = 0;
  private pendingEmit: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: ProfileSyncOptions) {}

  private get profileId(): string {
    return this.options.actor.id;
  }

  /** Resumes the account saved for this profile, if any, and syncs at once. */
  async start(): Promise<void> {
    const settings = this.options.settings.getProfile(this.profileId);
    if (!settings.cloudUrl || !settings.cloudAccount) return;
    const token = await this.options.secrets.get(tokenKey(this.profileId));
    if (!token || this.closed) return;
    this.connect(settings.cloudUrl, token);
    if (!settings.syncEnabled) this.scheduler!.pause();
    else this.scheduler!.poke('start');
  }

  status(): SyncStatus {
    const settings = this.options.settings.getProfile(this.profileId);
    const signedIn = this.client !== null;
    const failures = (
      this.options.store.db
        .prepare("SELECT entity, record_id AS id, state, last_error AS message FROM sync_record_state WHERE state IN ('rejected', 'conflict') ORDER BY updated_at DESC LIMIT 50")
        .all() as { entity: string; id: string; state: 'rejected' | 'conflict'; message: string | null }[]
    ).map((f) => ({ ...f, message: f.message ?? '' }));
    const last = this.options.store.db.prepare('SELECT last_sync_at FROM sync_state WHERE singleton = 1').get() as { last_sync_at: string | null };
    return {
      state: signedIn ? this.state : 'off',
      account: signedIn && settings.cloudUrl && settings.cloudAccount ? { cloudUrl: settings.cloudUrl, username: settings.cloudAccount } : null,
      pending: this.engine?.pendingCount() ?? (this.options.store.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n,
      progress: this.state === 'syncing' ? this.progress : null,
      lastSyncedAt: last.last_sync_at,
      error: this.error,
      retryAt: this.retryAt,
      notices: this.notices,
      failures,
    };
  }

  async register(cloudUrl: string, password: string): Promise<SyncStatus> {
    const { actor } = this.options;
    const client = this.newClient(cloudUrl, null);
    const auth = await this.asCoreError(() =>
      client.register({ id: actor.id, username: actor.username, displayName: actor.displayName, role: actor.role, password }),
    );
    await this.saveAccount(cloudUrl, auth.user.username, auth.token);
    return this.status();
  }

  async signIn(cloudUrl: string, username: string, password: string): Promise<SyncStatus> {
    const client = this.newClient(cloudUrl, null);
    const auth = await this.asCoreError(() => client.signIn({ username, password, profileId: this.profileId }));
    await this.saveAccount(cloudUrl, auth.user.username, auth.token);
    return this.status();
  }

  async signOut(): Promise<SyncStatus> {
    this.disconnect();
    await this.options.secrets.delete(tokenKey(this.profileId));
    this.options.settings.setProfile(this.profileId, { cloudAccount: null, syncEnabled: false });
    this.error = null;
    this.retryAt = null;
    this.emitNow();
    return this.status();
  }

  syncNow(): SyncStatus {
    this.requireScheduler().poke('manual');
    return this.status();
  }

  pause(): SyncStatus {
    this.requireScheduler().pause();
    this.options.settings.setProfile(this.profileId, { syncEnabled: false });
    return this.status();
  }

  resume(): SyncStatus {
    this.options.settings.setProfile(this.profileId, { syncEnabled: true });
    this.requireScheduler().resume();
    return this.status();
  }

  async createInvite() {
    return this.asCoreError(() => this.requireClient().createInvite());
  }

  async joinRoster(code: string) {
    const joined = await this.asCoreError(() => this.requireClient().joinRoster(code));
    this.scheduler?.poke('manual');
    return { coach: joined.coach };
  }

  /** Starts fetching an asset's bytes; the pipeline makes its poster and proxy when they arrive. */
  download(assetId: string): boolean {
    const engine = this.engine;
    if (!engine) return false;
    void engine.download(assetId).catch((error: unknown) => this.downloadFailed(assetId, error));
    return true;
  }

  /** Frees an original's disk space once the cloud holds it (posters and proxy stay). */
  async offload(assetId: string): Promise<{ freedBytes: number }> {
    const uploaded = (sha: string) => this.options.store.db.prepare('SELECT 1 FROM sync_uploaded WHERE sha256 = ?').get(sha) !== undefined;
    const result = await offloadOriginal(this.options.store, this.profileId, assetId, uploaded);
    this.options.onChanged(['videoasset']);
    return result;
  }

  /** A local change was written: push it soon. */
  localChange(): void {
    this.scheduler?.poke('change');
    this.emitSoon();
  }

  /** The shell saw the network come back, or the machine wake. */
  networkChanged(online: boolean): void {
    if (online) this.scheduler?.poke('online');
  }

  resumed(): void {
    this.scheduler?.poke('resume');
  }

  /** Waits for a pass in flight (tests, closing). */
  async settle(): Promise<void> {
    await this.scheduler?.settle();
  }

  /** Runs one pass now and waits for it (tests and benchmarks). Throws what the pass threw. */
  async syncOnce(): Promise<SyncPass | null> {
    await this.scheduler?.settle();
    return this.runPass();
  }

  close(): void {
    this.closed = true;
    this.disconnect();
    if (this.pendingEmit) clearTimeout(this.pendingEmit);
  }

  // ------------------------------------------------------------------------------------------ private

  private async saveAccount(cloudUrl: string, username: string, token: string): Promise<void> {
    // The token goes to the secret store first: if it cannot be kept safely, nothing is saved.
    await this.options.secrets.set(tokenKey(this.profileId), token);
    this.options.settings.setProfile(this.profileId, { cloudUrl, cloudAccount: username, syncEnabled: true });
    this.disconnect();
    this.connect(cloudUrl, token);
    this.scheduler!.poke('start');
  }

  private newClient(cloudUrl: string, token: string | null): CloudClient {
    return new CloudClient({ baseUrl: cloudUrl, token, fetch: this.options.fetch, timeoutMs: this.options.timeoutMs });
  }

  private connect(cloudUrl: string, token: string): void {
    this.client = this.newClient(cloudUrl, token);
    this.engine = new SyncEngine({
      store: this.options.store,
      actorId: this.profileId,
      cloud: () => this.requireClient(),
      onChanged: (entities) => this.options.onChanged(entities),
      onAssetArrived: (id) => this.options.onAssetArrived(id),
      onProgress: (progress) => {
        this.progress = progress;
        this.emitSoon();
      },
      idleTimeoutMs: this.options.timeoutMs,
    });
    this.state = 'idle';
    this.scheduler = new SyncScheduler({
      run: async () => {
        await this.runPass();
      },
      onState: (state, detail) => {
        this.state = state;
        this.error = detail.error;
        this.retryAt = detail.retryAt;
        if (state !== 'syncing') this.progress = null;
        this.emitNow();
      },
      ...this.options.timing,
    });
  }

  private async runPass(): Promise<SyncPass | null> {
    const engine = this.engine;
    if (!engine) return null;
    const pass = await engine.syncOnce();
    if (pass.notices.length > 0) this.notices = [...pass.notices.reverse(), ...this.notices].slice(0, MAX_NOTICES);
    // What others shared comes down in the background, newest first, a few files per pass.
    for (const id of engine.remoteAssets(this.options.downloadsPerPass ?? 10)) {
      if (this.closed) return pass;
      try {
        await engine.download(id, () => this.emitSoon());
      } catch (error) {
        if (error instanceof CloudCallError && error.transient) throw error;
        this.downloadFailed(id, error);
      }
    }
    return pass;
  }

  /** A download that failed is said in the sync panel (and logged); the video stays where it was. */
  private downloadFailed(assetId: string, error: unknown): void {
    this.options.log('warn', `download of ${assetId} failed`, error);
    const name = this.options.store.assets.get(assetId)?.orig_filename ?? 'a video';
    const reason = error instanceof Error ? error.message : String(error);
    this.notices = [`Could not download “${name}”: ${reason} It will be tried again.`, ...this.notices].slice(0, MAX_NOTICES);
    this.emitNow();
  }

  /** The Settings screen's "Sync when online" switch: the same as Pause and Resume. */
  setEnabled(enabled: boolean): void {
    if (!this.scheduler) return;
    if (enabled) this.resume();
    else this.pause();
  }

  private disconnect(): void {
    this.scheduler?.stop();
    this.scheduler = null;
    this.engine = null;
    this.client = null;
  }

  private requireClient(): CloudClient {
    if (!this.client) throw new CoreError('conflict', 'This profile is not signed in to a cloud. Sign in from Settings.');
    return this.client;
  }

  private requireScheduler(): SyncScheduler {
    if (!this.scheduler) throw new CoreError('conflict', 'This profile is not signed in to a cloud. Sign in from Settings.');
    return this.scheduler;
  }

  private asCoreError<T>(fn: () => Promise<T>): Promise<T> {
    return asCoreError(fn);
  }

  private emitSoon(): void {
    if (this.pendingEmit || this.closed) return;
    const wait = Math.max(0, 100 - (Date.now() - this.lastEmit));
    this.pendingEmit = setTimeout(() => {
      this.pendingEmit = null;
      this.emitNow();
    }, wait);
    this.pendingEmit.unref?.();
  }

  private emitNow(): void {
    if (this.closed) return;
    this.lastEmit = Date.now();
    try {
      this.options.onStatus(this.status());
    } catch (error) {
      this.options.log('warn', 'sync status could not be read', error);
    }
  }
}

/** Cloud refusals the user caused (wrong password, name taken) become clear core errors. */
export async function asCoreError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof CloudCallError)) throw error;
    if (error.code === 'network' || error.status === null) throw new CoreError('offline', error.message);
    if (error.code === 'unauthorized') throw new CoreError('forbidden', 'The username or password is not right.');
    if (error.code === 'identity-mismatch') throw new CoreError('conflict', error.message);
    if (error.code === 'username-taken') throw new CoreError('conflict', error.message);
    if (error.code === 'forbidden') throw new CoreError('forbidden', error.message);
    if (error.code === 'bad-request') throw new CoreError('bad-input', error.message);
    throw new CoreError('unavailable', error.message);
  }
}
