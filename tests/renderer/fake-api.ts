import { vi } from 'vitest';
import type { Api } from '../../src-shared/api';
import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../../src-shared/contract';
import type { EventName, Events } from '../../src-shared/contract/events';
import type { CommentView, ExerciseSummary } from '../../src-shared/domain';
import type { AppErrorShape } from '../../src-shared/result';
// The renderer's `window.api` declaration, for this folder's type check.
import type {} from '../../src-renderer/global';

type Handler<C extends ChannelName> = (input: ChannelParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
export type FakeHandlers = { [C in ChannelName]?: Handler<C> };

/** Thrown by a fake handler: becomes the channel's failed result, as main would send it. */
export class Refusal extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.message);
  }
}

/**
 * Installs a `window.api` whose channels answer from `handlers` (a channel without one fails as
 * `internal`), records every call, and lets a test push events.
 */
export function installFakeApi(handlers: FakeHandlers) {
  const calls: { channel: ChannelName; input: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api: Api = {
    invoke: (async (channel: ChannelName, input: unknown) => {
      calls.push({ channel, input });
      const handler = handlers[channel] as ((input: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'internal', message: `No fake for ${channel}.` } };
      try {
        return { ok: true, value: await handler(input) };
      } catch (error) {
        if (error instanceof Refusal) return { ok: false, error: error.shape };
        throw error;
      }
    }) as Api['invoke'],
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    mediaUrl: (id, kind) => `/media/${id}/${kind}`,
    filePath: () => null,
    hasSaveDialog: false,
    chooseSavePath: async () => null,
  };
  vi.stubGlobal('window', { api });
  return {
    api,
    calls,
    callsTo: (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.input),
    emit<E extends EventName>(event: E, payload: Events[E]) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

/** A promise and the function that settles it: lets a test decide when a channel answers. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let counter = 0;
export const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const T = '2025-11-20T10:00:00.000Z';

export function summary(patch: Partial<ExerciseSummary> = {}): ExerciseSummary {
  return {
    id: uuid(),
    name: 'Backhand slice',
    description: null,
    videoAsset: null,
    videoHasPoster: false,
    videoDurationMs: null,
    createdBy: uuid(),
    createdAt: T,
    updatedAt: T,
    ownerName: 'Anna Coach',
    ownerRole: 'coach',
    tags: [],
    commentCount: 0,
    unreadCount: 0,
    submissionCount: 0,
    mySubmissionStatus: null,
    lastActivity: T,
    ...patch,
  };
}

export function commentView(patch: Partial<CommentView> = {}): CommentView {
  return {
    id: uuid(),
    exercise: uuid(),
    author: uuid(),
    text: 'Keep the wrist firm.',
    videoAsset: null,
    submission: null,
    atSeconds: null,
    atVideoAsset: null,
    drawing: null,
    createdAt: T,
    updatedAt: T,
    authorName: 'Sam Student',
    authorRole: 'student',
    helpfulCount: 0,
    myVote: null,
    read: true,
    ...patch,
  };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));
