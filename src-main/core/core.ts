import type { MediaKind } from '../../src-shared/api';
import type { ChannelName } from '../../src-shared/contract';
import type { EventName, Events } from '../../src-shared/contract/events';
import type { Profile } from '../../src-shared/domain';
import type { Result } from '../../src-shared/result';
import { CoreError } from './errors';
import { loadMigrations } from './db/migrations';
import { ProfileManager } from './profiles';
import type { AppSettings, CallerInfo, CoreApi, EventListener, MediaFile, ProfileSettings, SecretStore, Settings } from './ports';
import type { MediaSession, ProfileStore, Session } from './store';
import { exportProfile, importProfile } from './backup/profile-archive';
import { DIAGNOSTICS_LOG_LINES, diagnosticsText, toolVersion } from './diagnostics';
import type { Migration } from './db/migrations';
import { JobRunner } from './jobs/job-runner';
import { resolveMediaTools } from './media/ffmpeg-path';
import { ComparisonExports } from './media/comparison-export';
import { MediaPipeline, type MediaTools } from './media/pipeline';
import { Recordings } from './media/recordings';
import { invokeChannel, isProfileChannel, runSessionHandler, SESSION_CHANNELS, type ProfileChannel } from './dispatch';
import { applyRemote, type ApplyResult, type RemoteRecord } from './sync/apply-remote';
import { renditionPath } from './db/repos/assets-repo';
import { asCoreError, ProfileSync, tokenKey, type ProfileSyncOptions } from './sync/profile-sync';
import { CloudClient } from './sync/cloud-client';
import type { ProfilesCreateInput } from '../../src-shared/contract/profiles';
import type { z } from 'zod';

export interface CoreOptions {
  dataDir: string;
  migrationsDir: string;
  settings: Settings;
  secrets: SecretStore;
  /** ffmpeg and ffprobe chosen in settings, ahead of FFMPEG_PATH/FFPROBE_PATH, the bundled ones and PATH. */
  ffmpegPath?: string | null;
  ffprobePath?: string | null;
  /** Validate every handler's output against the contract (tests and development). */
  checkOutputs?: boolean;
  now?: () => number;
  log?: (level: 'warn' | 'error', message: string, error?: unknown) => void;
  /** Versions the shell knows (app, Electron, Chromium), for app.diagnostics. Node's and ffmpeg's are added. */
  versions?: Record<string, string | null>;
  /** The last lines of the log, for app.diagnostics. */
  logTail?: (count: number) => readonly string[];
  /** Sync's HTTP (tests put faults in it) and its timings. */
  sync?: Pick<ProfileSyncOptions, 'fetch' | 'timing' | 'timeoutMs' | 'downloadsPerPass'>;
}

/**
 * The core, as both shells use it. Holds the open profile; every channel goes through `dispatch`,
 * which validates the payload against the contract and turns every outcome into a result envelope.
 */
export class Core implements CoreApi {
  readonly profiles: ProfileManager;
  private current: { store: ProfileStore; session: Session; sync: ProfileSync } | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly profileHandlers: { [C in ProfileChannel]: (input: never) => unknown };
  private readonly jobs: JobRunner;
  private readonly migrations: readonly Migration[];
  private tools: MediaTools | null = null;

  constructor(private readonly options: CoreOptions) {
    this.migrations = loadMigrations(options.migrationsDir);
    this.profiles = new ProfileManager(options.dataDir, this.migrations, options.now);
    this.jobs = new JobRunner((event, info) => this.emit(event, info), options.now, (message, error) => this.log('error', message, error));
    this.profileHandlers = {
      'profiles.list': () => this.profiles.list(),
      'profiles.current': () => this.currentProfile(),
      'profiles.create': (input: z.output<typeof ProfilesCreateInput>) => this.switchTo(this.profiles.create(input).user.id),
      'profiles.switch': (input: { id: string }) => this.switchTo(input.id),
      'profiles.export': (input: { id: string; path: string }) => this.exportProfile(input.id, input.path),
      'settings.get': () => this.settingsView(),
      'settings.set': (input: { app?: Partial<AppSettings>; profile?: Partial<ProfileSettings> }) => {
        if (input.profile && !this.current) throw new CoreError('no-profile', 'Open a profile to change its settings.');
        if (input.app) this.options.settings.setApp(input.app);
        if (input.profile) this.options.settings.setProfile(this.current!.session.actor.id, input.profile);
        if (input.profile?.syncEnabled !== undefined) this.current!.sync.setEnabled(input.profile.syncEnabled);
        return this.settingsView();
      },
      'app.diagnostics': async () => ({ text: await this.diagnostics() }),
      'sync.status': () => this.requireSync().status(),
      'sync.register': (input: { cloudUrl: string; password: string }) => this.requireSync().register(input.cloudUrl, input.password),
      'sync.signIn': (input: { cloudUrl: string; username: string; password: string }) =>
        this.requireSync().signIn(input.cloudUrl, input.username, input.password),
      'sync.signInNewProfile': (input: { cloudUrl: string; username: string; password: string }) => this.signInNewProfile(input),
      'sync.signOut': () => this.requireSync().signOut(),
      'sync.now': () => this.requireSync().syncNow(),
      'sync.pause': () => this.requireSync().pause(),
      'sync.resume': () => this.requireSync().resume(),
      'sync.createInvite': () => {
        if (this.requireSession().actor.role !== 'coach') throw new CoreError('forbidden', 'Only a coach invites students.');
        return this.requireSync().createInvite();
      },
      'sync.joinRoster': (input: { code: string }) => {
        if (this.requireSession().actor.role !== 'student') throw new CoreError('forbidden', 'Only a student joins a coach’s roster.');
        return this.requireSync().joinRoster(input.code);
      },
      'sync.download': (input: { assetId: string }) => {
        const session = this.requireSession();
        if (!session.store.assets.getVisible(session.actor.id, input.assetId)) throw new CoreError('not-found', 'No such video.');
        return { started: this.requireSync().download(input.assetId) };
      },
      'sync.offload': (input: { assetId: string }) => {
        const session = this.requireSession();
        if (!session.store.assets.getVisible(session.actor.id, input.assetId)) throw new CoreError('not-found', 'No such video.');
        return this.requireSync().offload(input.assetId);
      },
      'profiles.import': async (input: { path: string }) => {
        const id = await importProfile(this.profiles.root, input.path, this.migrations);
        return this.profiles.list().find((p) => p.user.id === id)!;
      },
    };
    const last = options.settings.getApp().lastProfileId;
    if (last) {
      try {
        this.switchTo(last);
      } catch (error) {
        // The app still starts: the profile picker shows, and opening that profile again says why.
        this.log('warn', `could not reopen the last profile ${last}`, error);
      }
    }
  }

  /** All channel names that have a handler (a test checks they equal the contract). */
  handlerNames(): string[] {
    return [...Object.keys(this.profileHandlers), ...SESSION_CHANNELS];
  }

  async dispatch(channel: string, payload: unknown, _caller: CallerInfo, bytes?: Uint8Array): Promise<Result<unknown>> {
    return invokeChannel(channel, payload, {
      run: (name, input) => this.run(name, input, bytes),
      checkOutputs: this.options.checkOutputs ?? false,
      log: (level, message, error) => this.log(level, message, error),
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  mediaFile(assetId: string, kind: MediaKind): MediaFile | null {
    const current = this.current;
    if (!current) return null;
    if (kind === 'export') {
      // Not an asset: the file a finished comparison export of this session wrote, by job id.
      const file = current.session.media?.exports.file(assetId);
      return file ? { path: file, mimeType: 'video/mp4', size: 0 } : null;
    }
    const row = current.store.assets.getVisible(current.session.actor.id, assetId);
    if (!row) return null;
    // An original that is only in the cloud (never downloaded, or offloaded) starts downloading when
    // someone opens it; until it is here and verified, the player shows the proxy or the poster.
    if (kind === 'original' && (row.local_state === 'remote' || row.local_state === 'offloaded')) current.sync.download(assetId);
    const path = kind === 'original' ? (row.local_state === 'local' ? row.storage_path : null) : kind === 'poster' ? row.poster_path : renditionPath(row.renditions, kind);
    if (!path) return null;
    const mimeType = kind === 'original' ? row.mime_type : kind === 'proxy' ? 'video/mp4' : 'image/jpeg';
    return { path: current.store.media.absolute(path), mimeType, size: kind === 'original' ? (row.size_bytes ?? 0) : 0 };
  }

  /** Writes records from the cloud (or the demo) into the open profile. Not a channel. */
  async applyRemote(records: readonly RemoteRecord[]): Promise<ApplyResult> {
    const session = this.requireSession();
    const result = await applyRemote(session.store, records);
    this.emit('data.changed', { entities: [...new Set(records.map((r) => r.entity))] });
    // Bytes that arrived get their poster, filmstrip and proxy like an import's.
    for (const r of records) {
      if (r.entity === 'videoasset' && r.op === 'upsert' && r.file && session.store.assets.get(r.id)?.processing_status === 'pending') {
        session.media?.pipeline.process(r.id);
      }
    }
    return result;
  }

  /** The open profile's store (tests, the demo, and later the media and sync engines). */
  store(): ProfileStore {
    return this.requireSession().store;
  }

  /** The open profile's media engine (benchmarks, and later the sync engine, which downloads media). */
  media(): MediaSession {
    return this.requireSession().media!;
  }

  /**
   * Feedback waiting for the open profile's user: comments they can see, did not write and have not
   * read (the Dock/taskbar badge). 0 without a profile.
   */
  unreadFeedbackCount(): number {
    const current = this.current;
    return current ? current.store.comments.unreadCount(current.session.actor.id) : 0;
  }

  /** Whether jobs are running (a shell asks before quitting). */
  runningJobs(): number {
    return this.jobs.running();
  }

  /** The open profile's sync (tests; the shells forward network and wake events through it). */
  sync(): ProfileSync {
    return this.requireSync();
  }

  newestFeedback(): { exercise: string; comment: string; a: string | null; b: string | null } | null {
    const current = this.current;
    return current ? current.store.comments.newestUnread(current.session.actor.id) : null;
  }

  /** The shell saw the network come and go. */
  networkChanged(online: boolean): void {
    this.current?.sync.networkChanged(online);
  }

  /** The machine woke from sleep. */
  resumed(): void {
    this.current?.sync.resumed();
  }

  close(): void {
    this.jobs.cancelAll();
    this.current?.sync.close();
    this.current?.store.close();
    this.current = null;
  }

  private async run(channel: ChannelName, input: unknown, bytes?: Uint8Array): Promise<unknown> {
    if (isProfileChannel(channel)) return this.profileHandlers[channel](input as never);
    return runSessionHandler(channel, input, this.requireSession(), bytes);
  }

  private requireSync(): ProfileSync {
    if (!this.current) throw new CoreError('no-profile', 'Choose or create a profile first.');
    return this.current.sync;
  }

  /**
   * Another device of an existing account: sign in first, then make a profile with the account's id,
   * name and role, and let sync bring its data down.
   */
  private async signInNewProfile(input: { cloudUrl: string; username: string; password: string }): Promise<Profile> {
    const client = new CloudClient({ baseUrl: input.cloudUrl, fetch: this.options.sync?.fetch, timeoutMs: this.options.sync?.timeoutMs });
    const auth = await asCoreError(() => client.signIn({ username: input.username, password: input.password }));
    const created = this.profiles.create(
      { username: auth.user.username, displayName: auth.user.displayName, role: auth.user.role },
      { id: auth.user.id },
    );
    await this.options.secrets.set(tokenKey(created.user.id), auth.token);
    this.options.settings.setProfile(created.user.id, { cloudUrl: input.cloudUrl, cloudAccount: auth.user.username, syncEnabled: true });
    return this.switchTo(created.user.id);
  }

  private requireSession(): Session {
    if (!this.current) throw new CoreError('no-profile', 'Choose or create a profile first.');
    return this.current.session;
  }

  private currentProfile(): Profile | null {
    if (!this.current) return null;
    return { user: this.current.session.actor, dataDir: this.current.store.profileDir };
  }

  private settingsView() {
    const { settings, secrets, dataDir } = this.options;
    return {
      app: settings.getApp(),
      profile: this.current ? settings.getProfile(this.current.session.actor.id) : null,
      secretsProtection: secrets.protection,
      dataDir,
    };
  }

  /** The text of Help → Copy Diagnostics: versions, settings (no secrets), the last log lines; redacted. */
  private async diagnostics(): Promise<string> {
    let ffmpeg: string | null = null;
    try {
      const tools = (this.tools ??= resolveMediaTools({ ffmpegPath: this.options.ffmpegPath ?? null, ffprobePath: this.options.ffprobePath ?? null }));
      ffmpeg = (await toolVersion(tools.ffmpeg)) ?? `not runnable (${tools.ffmpeg})`;
    } catch (error) {
      ffmpeg = `not found (${error instanceof Error ? error.message : String(error)})`;
    }
    return diagnosticsText({
      versions: { ...this.options.versions, node: process.versions.node, ffmpeg },
      settings: this.settingsView(),
      facts: { profileOpen: this.current !== null, runningJobs: this.jobs.running(), profiles: this.profiles.list().length },
      logLines: this.options.logTail?.(DIAGNOSTICS_LOG_LINES) ?? [],
      now: (this.options.now ?? Date.now)(),
    });
  }

  private async exportProfile(id: string, path: string) {
    if (this.current?.session.actor.id === id) return exportProfile(this.current.store, path);
    const store = this.profiles.open(id);
    try {
      return await exportProfile(store, path);
    } finally {
      store.close();
    }
  }

  private switchTo(id: string): Profile {
    const store = this.profiles.open(id);
    this.jobs.cancelAll();
    this.current?.sync.close();
    this.current?.store.close();
    // Local changes reload what shows them and wake sync; sync's own changes only reload.
    const reload = (entities: string[]) => this.emit('data.changed', { entities });
    const changed = (...entities: string[]) => {
      reload(entities);
      this.current?.sync.localChange();
    };
    const tools = () => (this.tools ??= resolveMediaTools({ ffmpegPath: this.options.ffmpegPath ?? null, ffprobePath: this.options.ffprobePath ?? null }));
    const proxyHeight = () => (this.options.settings.getApp().proxyQuality === '720p' ? 720 : 540);
    const pipeline = new MediaPipeline(store, this.jobs, tools, changed, proxyHeight);
    const session: Session = {
      store,
      actor: store.profileUser(),
      changed,
      media: {
        pipeline,
        jobs: this.jobs,
        recordings: new Recordings(store, pipeline, this.jobs, tools, this.options.now),
        exports: new ComparisonExports(store, this.jobs, tools),
      },
    };
    const sync = new ProfileSync({
      store,
      actor: session.actor,
      settings: this.options.settings,
      secrets: this.options.secrets,
      onStatus: (status) => this.emit('sync.status', status),
      onChanged: reload,
      onAssetArrived: (assetId) => {
        if (store.assets.get(assetId)?.processing_status === 'pending') pipeline.process(assetId);
      },
      log: (level, message, error) => this.log(level, message, error),
      ...this.options.sync,
    });
    this.current = { store, session, sync };
    void sync.start().catch((error: unknown) => this.log('warn', 'sync could not start', error));
    try {
      pipeline.resume();
    } catch (error) {
      // Without ffmpeg the profile still opens; processing waits, and the UI says what is missing.
      this.log('warn', 'media pipeline could not resume', error);
    }
    this.options.settings.setApp({ lastProfileId: id });
    const profile = this.currentProfile()!;
    this.emit('profile.changed', { profile });
    return profile;
  }

  private emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        this.log('warn', `event listener failed for ${event}`, error);
      }
    }
  }

  private log(level: 'warn' | 'error', message: string, error?: unknown): void {
    (this.options.log ?? defaultLog)(level, message, error);
  }
}

const defaultLog = (level: 'warn' | 'error', message: string, error?: unknown) => {
  console[level](`[core] ${message}`, error instanceof Error ? error.message : (error ?? ''));
};

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
