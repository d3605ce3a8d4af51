import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Servers, type StartedS3 } from '../support/s3-servers';
import { PASSWORD, makeClient, makeCloud, makeDevice, type Client } from '../support/sync-world';

/**
 * Random interleavings of offline edits on two devices of one account, synced in random order over a
 * network that randomly fails (before a request is sent, or after the server acted and the answer
 * was lost): once the network heals, both devices and the cloud hold the same state. It runs in
 * every CI run; PROPERTY_RUNS raises the count, PROPERTY_SEED replays a failure.
 */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 12);
const SEED = process.env['PROPERTY_SEED'] ? Number(process.env['PROPERTY_SEED']) : undefined;

type Action =
  | { kind: 'create'; device: 0 | 1; name: string }
  | { kind: 'rename'; device: 0 | 1; pick: number; name: string }
  | { kind: 'describe'; device: 0 | 1; pick: number; text: string }
  | { kind: 'delete'; device: 0 | 1; pick: number }
  | { kind: 'tag'; device: 0 | 1; pick: number; name: string }
  | { kind: 'comment'; device: 0 | 1; pick: number; text: string }
  | { kind: 'sync'; device: 0 | 1 };

const device = fc.constantFrom<0 | 1>(0, 1);
const names = fc.constantFrom('Serve', 'Volley', 'Lob', 'serve drill');
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), device, name: names }),
  fc.record({ kind: fc.constant('rename' as const), device, pick: fc.nat(), name: names }),
  fc.record({ kind: fc.constant('describe' as const), device, pick: fc.nat(), text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), device, pick: fc.nat() }),
  fc.record({ kind: fc.constant('tag' as const), device, pick: fc.nat(), name: fc.constantFrom('serve', 'Serve', 'footwork') }),
  fc.record({ kind: fc.constant('comment' as const), device, pick: fc.nat(), text: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('sync' as const), device }),
);

/** A fetch that fails when told to: before the request leaves, or after the server answered. */
function flakyFetch() {
  const state = { plan: [] as ('ok' | 'drop' | 'lose-answer')[] };
  const impl: typeof fetch = async (input, init) => {
    const mode = state.plan.shift() ?? 'ok';
    if (mode === 'drop') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    const response = await fetch(input, init);
    if (mode === 'lose-answer') {
      await response.arrayBuffer();
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    }
    return response;
  };
  return { impl, state };
}

describe.each(s3Servers())('sync convergence (property), with $name', ({ start }) => {
  let s3: StartedS3;
  let cloud: Awaited<ReturnType<typeof makeCloud>>;
  let run = 0;

  beforeAll(async () => {
    s3 = await start();
    cloud = await makeCloud(s3);
  }, 60_000);
  afterAll(async () => {
    await cloud?.close();
    await s3?.close();
  });

  /** The state that must agree: exercises, their tags and comments, by id. */
  function snapshot(db: Client['db'] extends () => infer D ? D : never, owner: string) {
    const exercises = db.prepare('SELECT id, name, description FROM exercises_exercise WHERE created_by = ? ORDER BY id').all(owner);
    const tags = db
      .prepare(
        `SELECT ct.content_id, t.name FROM content_tags ct JOIN tags_tag t ON t.id = ct.tag_id
         JOIN exercises_exercise e ON e.id = ct.content_id WHERE e.created_by = ? ORDER BY 1, 2`,
      )
      .all(owner);
    const comments = db.prepare('SELECT id, exercise, text FROM comments_videocomment WHERE author = ? ORDER BY id').all(owner);
    return { exercises, tags, comments };
  }

  it('two devices converge to the cloud’s state whatever the order of edits, syncs and failures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 24 }), fc.array(fc.constantFrom('ok', 'ok', 'ok', 'drop', 'lose-answer'), { maxLength: 60 }), async (actions, failures) => {
        const username = `prop${++run}`;
        const net = [flakyFetch(), flakyFetch()];
        const one = await makeClient(username, 'coach', { fetch: net[0]!.impl });
        const clients: Client[] = [one];
        try {
          await one.call('sync.register', { cloudUrl: cloud.url, password: PASSWORD });
          const two = await makeDevice(cloud.url, username, 'coach', { fetch: net[1]!.impl });
          clients.push(two);
          net[0]!.state.plan = failures.filter((_, i) => i % 2 === 0);
          net[1]!.state.plan = failures.filter((_, i) => i % 2 === 1);
          const pick = (c: Client, n: number) => {
            const ids = c.db().prepare('SELECT id FROM exercises_exercise ORDER BY id').all() as { id: string }[];
            return ids.length ? ids[n % ids.length]!.id : null;
          };
          for (const a of actions) {
            const c = clients[a.device]!;
            // A local refusal (a name already used here) is the app's answer, not a failure.
            const attempt = (fn: () => Promise<unknown>) => fn().catch(() => undefined);
            if (a.kind === 'sync') await attempt(() => c.sync());
            else if (a.kind === 'create') await attempt(() => c.call('exercises.create', { name: a.name }));
            else {
              const id = pick(c, a.pick);
              if (!id) continue;
              if (a.kind === 'rename') await attempt(() => c.call('exercises.update', { id, name: a.name }));
              if (a.kind === 'describe') await attempt(() => c.call('exercises.update', { id, description: a.text }));
              if (a.kind === 'delete') await attempt(() => c.call('exercises.delete', { id }));
              if (a.kind === 'comment') await attempt(() => c.call('comments.create', { exercise: id, text: a.text }));
              if (a.kind === 'tag') {
                await attempt(async () => {
                  const existing = (await c.call<{ id: string; name: string }[]>('tags.list', { prefix: a.name })).find((t) => t.name.toLowerCase() === a.name.toLowerCase());
                  const tag = existing ?? (await c.call<{ id: string }>('tags.create', { name: a.name }));
                  await c.call('tags.attach', { contentType: 'exercise', contentId: id, tag: tag.id });
                });
              }
            }
          }
          // The network heals: sync until both devices have nothing left, then once more each.
          net[0]!.state.plan = [];
          net[1]!.state.plan = [];
          for (let round = 0; round < 6; round++) {
            for (const c of clients) await c.sync();
            if (clients.every((c) => c.core.sync().status().pending === 0)) break;
          }
          for (const c of clients) await c.sync();
          const server = snapshot(cloud.db, one.id);
          for (const c of clients) {
            expect(c.core.sync().status().pending).toBe(0);
            expect(snapshot(c.db(), one.id)).toEqual(server);
          }
        } finally {
          for (const c of clients) c.dispose();
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 600_000);
});
