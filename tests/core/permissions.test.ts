import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src-shared/domain';
import type { ErrorCode, Result } from '../../src-shared/result';
import { expectRefusal, remoteClip, rowCounts } from '../support/records';
import { makeWorld, type World } from '../support/world';

/**
 * The permission matrix of the foundation issue ("Profiles and permissions"), cell by cell, over one
 * scene in dana's profile: dana coaches alex and sam; olga coaches carol. A record someone may never
 * see answers `not-found` (its existence does not leak); a visible record they may not change answers
 * `forbidden`.
 */

const ACTORS = ['dana', 'alex', 'sam', 'olga', 'carol'] as const;
type Actor = (typeof ACTORS)[number];

async function buildScene(world: World) {
  const { ok, asset } = world;
  const u = world.users;
  const user: Record<Actor, User> = { dana: u.coach, alex: u.alex, sam: u.sam, olga: u.olga, carol: u.carol };

  const modelVideo = await asset(u.coach, 'serve-model.mp4');
  const assignment = await ok(u.coach, 'exercises.create', { name: 'Serve', description: 'Toss, trophy pose, swing', videoAsset: modelVideo });
  const alexOwnVideo = await asset(u.alex, 'alex-backhand.mp4');
  const alexOwn = await ok(u.alex, 'exercises.create', { name: 'Backhand', videoAsset: alexOwnVideo });

  // Alex submits, then resubmits: his first take stays as an earlier attempt.
  const alexFirstTake = await asset(u.alex, 'alex-serve-1.mp4');
  const alexTake = await asset(u.alex, 'alex-serve-2.mp4');
  const alexSub = await ok(u.alex, 'submissions.create', { exercise: assignment.id, videoAsset: alexFirstTake });
  await ok(u.alex, 'submissions.resubmit', { id: alexSub.id, videoAsset: alexTake });
  const samTake = await asset(u.sam, 'sam-serve.mp4');
  const samSub = await ok(u.sam, 'submissions.create', { exercise: assignment.id, videoAsset: samTake });

  // Dana's feedback on alex's submission, with a reply video, pinned to a moment of alex's take.
  const replyVideo = await asset(u.coach, 'dana-reply.mp4');
  const feedback = await ok(u.coach, 'comments.create', {
    exercise: assignment.id, submission: alexSub.id, text: 'Elbow higher at the trophy pose', videoAsset: replyVideo, atSeconds: 2, atVideoAsset: alexTake,
  });
  const note = await ok(u.coach, 'comments.create', { exercise: assignment.id, text: 'Warm up your shoulder first, everyone' });
  const questionVideo = await asset(u.alex, 'alex-question.mp4');
  const alexComment = await ok(u.alex, 'comments.create', { exercise: assignment.id, text: 'Like this?', videoAsset: questionVideo });
  const samComment = await ok(u.sam, 'comments.create', { exercise: assignment.id, text: 'My toss drifts left' });
  const danaOnOwn = await ok(u.coach, 'comments.create', { exercise: alexOwn.id, text: 'Turn your shoulders earlier' });

  // Each student compares their take with the model.
  const alexCmp = (await ok(u.alex, 'comparisons.create', { exercise: assignment.id, originalVideo: modelVideo, feedbackVideo: alexTake })).comparison!;
  const samCmp = (await ok(u.sam, 'comparisons.create', { exercise: assignment.id, originalVideo: modelVideo, feedbackVideo: samTake })).comparison!;

  // The other coach's world.
  const carolVideo = await asset(u.carol, 'carol-forehand.mp4');
  const carolOwn = await ok(u.carol, 'exercises.create', { name: 'Forehand', videoAsset: carolVideo });
  const olgaVideo = await asset(u.olga, 'olga-model.mp4');
  const olgaAssignment = await ok(u.olga, 'exercises.create', { name: 'Volley', videoAsset: olgaVideo });

  const ids = {
    assignment: assignment.id, alexOwn: alexOwn.id, carolOwn: carolOwn.id, olgaAssignment: olgaAssignment.id,
    alexSub: alexSub.id, samSub: samSub.id,
    feedback: feedback.id, note: note.id, alexComment: alexComment.id, samComment: samComment.id, danaOnOwn: danaOnOwn.id,
    modelVideo, alexOwnVideo, alexFirstTake, alexTake, samTake, replyVideo, questionVideo, carolVideo, olgaVideo,
    alexCmp: alexCmp.id, samCmp: samCmp.id,
  };
  const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  /** Ids as scene names, sorted: a failing assertion then reads "sam sees alexComment". */
  const labels = (list: readonly string[]) => list.map((id) => names.get(id) ?? `unknown ${id}`).sort();
  return { ids, user, labels };
}
type Scene = Awaited<ReturnType<typeof buildScene>>;
type Ids = Scene['ids'];

const sorted = (list: readonly string[]) => [...list].sort();

// ---------------------------------------------------------------------------------------------
// What each actor SEES
// ---------------------------------------------------------------------------------------------
describe('what each user sees', () => {
  let world: World;
  let scene: Scene;
  beforeAll(async () => {
    world = await makeWorld();
    scene = await buildScene(world);
  });
  afterAll(() => world?.dispose());

  const call = <T>(actor: Actor, channel: Parameters<World['as']>[1], input: unknown) =>
    world.as(scene.user[actor], channel, input as never) as Promise<Result<T>>;
  const value = async <T>(actor: Actor, channel: Parameters<World['as']>[1], input: unknown): Promise<T> => {
    const result = await call<T>(actor, channel, input);
    if (!result.ok) throw new Error(`${channel} as ${actor}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };

  /** Who can open each record; everyone else gets `not-found`. */
  const SEES: Record<'exercise' | 'asset', Partial<Record<keyof Ids, readonly Actor[]>>> = {
    exercise: {
      assignment: ['dana', 'alex', 'sam'],
      alexOwn: ['dana', 'alex'],
      carolOwn: ['olga', 'carol'],
      olgaAssignment: ['olga', 'carol'],
    },
    asset: {
      modelVideo: ['dana', 'alex', 'sam'], // a visible exercise's video
      alexOwnVideo: ['dana', 'alex'],
      alexFirstTake: ['dana', 'alex'], // an earlier attempt of a visible submission
      alexTake: ['dana', 'alex'],
      samTake: ['dana', 'sam'],
      replyVideo: ['dana', 'alex'], // the video of a comment alex can see
      questionVideo: ['dana', 'alex'],
      carolVideo: ['olga', 'carol'],
      olgaVideo: ['olga', 'carol'],
    },
  };
  const cells = (kind: keyof typeof SEES) =>
    Object.entries(SEES[kind]).flatMap(([record, seers]) => ACTORS.map((actor) => [record as keyof Ids, actor, seers!.includes(actor)] as const));

  it.each(cells('exercise'))('exercises.get %s as %s: visible=%s', async (record, actor, visible) => {
    const result = await call<{ id: string }>(actor, 'exercises.get', { id: scene.ids[record] });
    if (visible) expect(result).toMatchObject({ ok: true, value: { id: scene.ids[record] } });
    else expectRefusal(result, 'not-found');
  });

  it.each(cells('asset'))('assets.get %s as %s: visible=%s', async (record, actor, visible) => {
    const result = await call<{ id: string }>(actor, 'assets.get', { id: scene.ids[record] });
    if (visible) expect(result).toMatchObject({ ok: true, value: { id: scene.ids[record] } });
    else expectRefusal(result, 'not-found');
  });

  it.each(ACTORS)('exercises.list as %s holds exactly the exercises they may open', async (actor) => {
    const list = await value<{ items: { id: string }[] }>(actor, 'exercises.list', {});
    const expected = Object.entries(SEES.exercise).filter(([, seers]) => seers!.includes(actor)).map(([name]) => name);
    expect(scene.labels(list.items.map((e) => e.id))).toEqual(sorted(expected));
  });

  it.each(ACTORS)('assets.list as %s holds exactly the videos they may open', async (actor) => {
    const list = await value<{ id: string }[]>(actor, 'assets.list', {});
    const expected = Object.entries(SEES.asset).filter(([, seers]) => seers!.includes(actor)).map(([name]) => name);
    expect(scene.labels(list.map((a) => a.id))).toEqual(sorted(expected));
  });

  const ASSIGNMENT_COMMENTS: Record<Actor, readonly string[] | 'not-found'> = {
    dana: ['feedback', 'note', 'alexComment', 'samComment'],
    alex: ['feedback', 'note', 'alexComment'], // his own thread and the owner's note
    sam: ['note', 'samComment'], // never alex's thread
    olga: 'not-found',
    carol: 'not-found',
  };
  it.each(ACTORS)('comments.list on the assignment as %s', async (actor) => {
    const expected = ASSIGNMENT_COMMENTS[actor];
    const result = await call<{ id: string }[]>(actor, 'comments.list', { exercise: scene.ids.assignment });
    if (expected === 'not-found') return void expectRefusal(result, 'not-found');
    expect(result.ok && scene.labels(result.value.map((c) => c.id))).toEqual(sorted(expected));
  });

  it('asking for alex’s thread by id shows sam only the owner’s notes', async () => {
    const list = await value<{ id: string }[]>('sam', 'comments.list', { exercise: scene.ids.assignment, submission: scene.ids.alexSub });
    expect(scene.labels(list.map((c) => c.id))).toEqual(['note']);
  });

  it.each(ACTORS)('comments.list on alex’s own exercise as %s', async (actor) => {
    const result = await call<{ id: string }[]>(actor, 'comments.list', { exercise: scene.ids.alexOwn });
    if (actor === 'dana' || actor === 'alex') expect(result.ok && scene.labels(result.value.map((c) => c.id))).toEqual(['danaOnOwn']);
    else expectRefusal(result, 'not-found');
  });

  const SUBMISSIONS: Record<Actor, readonly string[] | 'not-found'> = {
    dana: ['alexSub', 'samSub'],
    alex: ['alexSub'],
    sam: ['samSub'],
    olga: 'not-found',
    carol: 'not-found',
  };
  it.each(ACTORS)('submissions.list on the assignment as %s', async (actor) => {
    const expected = SUBMISSIONS[actor];
    const result = await call<{ id: string; earlierAttempts: { videoAsset: string }[] }[]>(actor, 'submissions.list', { exercise: scene.ids.assignment });
    if (expected === 'not-found') return void expectRefusal(result, 'not-found');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(scene.labels(result.value.map((s) => s.id))).toEqual(sorted(expected));
    const alex = result.value.find((s) => s.id === scene.ids.alexSub);
    if (alex) expect(scene.labels(alex.earlierAttempts.map((a) => a.videoAsset))).toEqual(['alexFirstTake']);
  });

  const STACK: Record<Actor, readonly string[]> = {
    dana: ['alex:alexOwn:-', 'alex:assignment:alexSub', 'sam:assignment:samSub'],
    alex: ['alex:alexOwn:-', 'alex:assignment:alexSub'],
    sam: ['sam:assignment:samSub'],
    olga: ['carol:carolOwn:-'],
    carol: ['carol:carolOwn:-'],
  };
  it.each(ACTORS)('stack.list as %s', async (actor) => {
    const items = await value<{ student: string; exercise: { id: string }; submission: { id: string } | null }[]>(actor, 'stack.list', {});
    const who = (id: string) => ACTORS.find((a) => scene.user[a].id === id) ?? id;
    const rows = items.map((i) => `${who(i.student)}:${scene.labels([i.exercise.id])[0]}:${i.submission ? scene.labels([i.submission.id])[0] : '-'}`);
    expect(rows.sort()).toEqual(sorted(STACK[actor]));
  });

  const COMPARISONS: Record<Actor, readonly string[]> = {
    dana: ['alexCmp', 'samCmp'],
    alex: ['alexCmp'],
    sam: ['samCmp'],
    olga: [],
    carol: [],
  };
  it.each(ACTORS)('comparisons.list as %s', async (actor) => {
    const list = await value<{ id: string }[]>(actor, 'comparisons.list', {});
    expect(scene.labels(list.map((c) => c.id))).toEqual(sorted(COMPARISONS[actor]));
  });

  it('sam’s view of the assignment counts only what sam may see', async () => {
    const summary = await value<{ commentCount: number; submissionCount: number; mySubmissionStatus: string | null }>('sam', 'exercises.get', {
      id: scene.ids.assignment,
    });
    expect(summary).toMatchObject({ commentCount: 2, submissionCount: 1, mySubmissionStatus: 'submitted' });
    const dana = await value<{ commentCount: number; submissionCount: number }>('dana', 'exercises.get', { id: scene.ids.assignment });
    expect(dana).toMatchObject({ commentCount: 4, submissionCount: 2 });
  });

  it('sam cannot reach alex’s submission or the feedback on it through any channel', async () => {
    const { ids } = scene;
    const elbow = await value<{ id: string }>('dana', 'tags.create', { name: 'Elbow' });
    await value('dana', 'tags.attach', { contentType: 'comment', contentId: ids.feedback, tag: elbow.id });
    const refusals: [Parameters<World['as']>[1], unknown][] = [
      ['submissions.resubmit', { id: ids.alexSub, videoAsset: ids.samTake }],
      ['submissions.setStatus', { id: ids.alexSub, status: 'reviewed' }],
      ['submissions.delete', { id: ids.alexSub }],
      ['comments.markRead', { ids: [ids.feedback] }],
      ['comments.update', { id: ids.feedback, text: 'x' }],
      ['votes.cast', { comment: ids.feedback, isHelpful: true }],
      ['votes.clear', { comment: ids.feedback }],
      ['tags.attach', { contentType: 'comment', contentId: ids.feedback, tag: elbow.id }],
      ['tags.detach', { contentType: 'comment', contentId: ids.feedback, tag: elbow.id }],
      ['tags.list', { contentType: 'comment', contentId: ids.feedback }],
      ['assets.get', { id: ids.alexTake }],
      ['assets.get', { id: ids.replyVideo }],
      ['comparisons.create', { exercise: ids.assignment, originalVideo: ids.modelVideo, feedbackVideo: ids.alexTake }],
    ];
    for (const [channel, input] of refusals) {
      const result = await call('sam', channel, input);
      expect(result.ok ? `${channel} succeeded` : `${channel}: ${result.error.code}`).toBe(`${channel}: not-found`);
    }
  });

  it('the tags of an item one cannot see are not for them to read either', async () => {
    await world.ok(scene.user.dana, 'tags.attach', {
      tag: (await world.ok(scene.user.dana, 'tags.create', { name: 'Private focus' })).id, contentType: 'exercise', contentId: scene.ids.assignment,
    });
    for (const actor of ['olga', 'carol'] as const) {
      expectRefusal(await call(actor, 'tags.list', { contentType: 'exercise', contentId: scene.ids.assignment }), 'not-found');
    }
    expectRefusal(await call('dana', 'tags.list', { contentType: 'exercise', contentId: scene.ids.carolOwn }), 'not-found');
    const samSees = await value<{ name: string }[]>('sam', 'tags.list', { contentType: 'exercise', contentId: scene.ids.assignment });
    expect(samSees.map((t) => t.name)).toEqual(['Private focus']);
  });
});

// ---------------------------------------------------------------------------------------------
// What each actor may CHANGE
// ---------------------------------------------------------------------------------------------
type Extra = Record<string, string>;
type Call = (w: World, s: Scene, actor: Actor, x: Extra) => Promise<Result<unknown>>;
interface Cell {
  /** The expected answer of every actor: refusals are tried first, then the allowed ones in this order. */
  answers: Record<Actor, 'ok' | ErrorCode>;
  /** Records the call needs, made before anyone tries it (so a refusal must leave everything as it was). */
  setup?: (w: World, s: Scene) => Promise<Extra>;
  call: Call;
  /** What the allowed caller sees afterwards. */
  effect?: (w: World, s: Scene, actor: Actor) => Promise<void>;
}

const as = (w: World, s: Scene, actor: Actor, channel: Parameters<World['as']>[1], input: unknown) => w.as(s.user[actor], channel, input as never);
const REFUSED_BY_OTHERS = { olga: 'not-found', carol: 'not-found' } as const;

const CHANGES: Record<string, Cell> = {
  // Exercises: only created_by changes or deletes them.
  'exercises.update the assignment': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'exercises.update', { id: s.ids.assignment, name: 'First serve' }),
    effect: async (w, s) => expect((await w.ok(s.user.sam, 'exercises.get', { id: s.ids.assignment })).name).toBe('First serve'),
  },
  'exercises.delete the assignment': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'exercises.delete', { id: s.ids.assignment }),
    effect: async (w, s) => expect((await w.as(s.user.alex, 'submissions.list', { exercise: s.ids.assignment })).ok).toBe(false),
  },
  'exercises.update alex’s own exercise': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'exercises.update', { id: s.ids.alexOwn, description: 'Two-handed' }),
    effect: async (w, s) => expect((await w.ok(s.user.dana, 'exercises.get', { id: s.ids.alexOwn })).description).toBe('Two-handed'),
  },
  'exercises.delete alex’s own exercise': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'exercises.delete', { id: s.ids.alexOwn }),
    effect: async (w, s) => expect((await w.ok(s.user.dana, 'stack.list', { student: s.user.alex.id })).map((i) => i.exercise.id)).not.toContain(s.ids.alexOwn),
  },

  // Comments: only the author edits or deletes.
  'comments.update dana’s feedback': {
    answers: { alex: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.update', { id: s.ids.feedback, text: 'Elbow up!' }),
    effect: async (w, s) =>
      expect((await w.ok(s.user.alex, 'comments.list', { exercise: s.ids.assignment })).find((c) => c.id === s.ids.feedback)?.text).toBe('Elbow up!'),
  },
  'comments.delete dana’s feedback': {
    answers: { alex: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.delete', { id: s.ids.feedback }),
    effect: async (w, s) => expect((await w.ok(s.user.alex, 'comments.list', { exercise: s.ids.assignment })).map((c) => c.id)).not.toContain(s.ids.feedback),
  },
  'comments.update dana’s note': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.update', { id: s.ids.note, text: 'Stretch first' }),
  },
  'comments.delete dana’s note': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.delete', { id: s.ids.note }),
  },
  'comments.update alex’s comment': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.update', { id: s.ids.alexComment, text: 'Like this, coach?' }),
  },
  'comments.delete alex’s comment': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.delete', { id: s.ids.alexComment }),
  },
  'comments.delete dana’s comment on alex’s own exercise': {
    answers: { alex: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.delete', { id: s.ids.danaOnOwn }),
  },

  // Submissions: the student withdraws and resubmits; the exercise's owner reviews.
  'submissions.resubmit alex’s submission': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: async (w, s, a) => {
      const video = await w.asset(s.user[a], 'another-take.mp4');
      return as(w, s, a, 'submissions.resubmit', { id: s.ids.alexSub, videoAsset: video });
    },
    effect: async (w, s) => {
      const [sub] = await w.ok(s.user.dana, 'submissions.list', { exercise: s.ids.assignment }).then((l) => l.filter((x) => x.id === s.ids.alexSub));
      expect(sub?.status).toBe('resubmitted');
      expect(sub?.earlierAttempts.map((t) => t.videoAsset).sort()).toEqual([s.ids.alexFirstTake, s.ids.alexTake].sort());
    },
  },
  'submissions.delete (withdraw) alex’s submission': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'submissions.delete', { id: s.ids.alexSub }),
    effect: async (w, s) => {
      expect((await w.ok(s.user.dana, 'submissions.list', { exercise: s.ids.assignment })).map((x) => x.id)).toEqual([s.ids.samSub]);
      // The feedback on it went with it; the earlier attempt's video stays in alex's library.
      expect((await w.ok(s.user.dana, 'comments.list', { exercise: s.ids.assignment })).map((c) => c.id)).not.toContain(s.ids.feedback);
      expect((await w.ok(s.user.alex, 'assets.get', { id: s.ids.alexFirstTake })).id).toBe(s.ids.alexFirstTake);
    },
  },
  'submissions.setStatus on alex’s submission': {
    // Not even the student sets the review status.
    answers: { alex: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'submissions.setStatus', { id: s.ids.alexSub, status: 'needs_work' }),
    effect: async (w, s) => expect((await w.ok(s.user.alex, 'exercises.get', { id: s.ids.assignment })).mySubmissionStatus).toBe('needs_work'),
  },
  'submissions.create to the assignment': {
    // Both students already submitted (one submission each); a coach does not submit.
    answers: { dana: 'forbidden', alex: 'conflict', sam: 'conflict', ...REFUSED_BY_OTHERS },
    call: async (w, s, a) => {
      const video = await w.asset(s.user[a], 'take.mp4');
      return as(w, s, a, 'submissions.create', { exercise: s.ids.assignment, videoAsset: video });
    },
  },
  'submissions.create to a new assignment': {
    answers: { dana: 'forbidden', ...REFUSED_BY_OTHERS, alex: 'ok', sam: 'ok' },
    setup: async (w, s) => ({ drill: (await w.ok(s.user.dana, 'exercises.create', { name: 'Footwork drill' })).id }),
    call: async (w, s, a, x) => as(w, s, a, 'submissions.create', { exercise: x.drill!, videoAsset: await w.asset(s.user[a], 'take.mp4') }),
    effect: async (w, s, a) => {
      const [item] = (await w.ok(s.user.dana, 'stack.list', { student: s.user[a].id, search: 'footwork' }));
      expect(item?.submission?.status).toBe('submitted');
    },
  },

  // Comparison sessions: only the student who compared finishes one.
  'comparisons.finish alex’s session': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comparisons.finish', { id: s.ids.alexCmp, durationSeconds: 42 }),
    effect: async (w, s) =>
      expect((await w.ok(s.user.dana, 'comparisons.list', {})).find((c) => c.id === s.ids.alexCmp)?.durationSeconds).toBe(42),
  },
  // Alignment: anyone who can see both videos.
  'comparisons.align the model with alex’s take': {
    answers: { sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok', alex: 'ok' },
    call: (w, s, a) =>
      as(w, s, a, 'comparisons.align', { exercise: s.ids.assignment, originalVideo: s.ids.modelVideo, feedbackVideo: s.ids.alexTake, originalOffset: 0.5, feedbackOffset: -1 }),
    effect: async (w, s, a) => {
      const opened = await w.ok(s.user.alex, 'comparisons.create', { exercise: s.ids.assignment, originalVideo: s.ids.modelVideo, feedbackVideo: s.ids.alexTake });
      expect(opened.alignment).toMatchObject({ originalOffset: 0.5, feedbackOffset: -1, setBy: s.user[a].id });
      expect(opened.comparison).toMatchObject({ originalOffset: 0.5, feedbackOffset: -1 });
    },
  },
  'comparisons.align the model with sam’s take': {
    answers: { alex: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok', sam: 'ok' },
    call: (w, s, a) =>
      as(w, s, a, 'comparisons.align', { exercise: s.ids.assignment, originalVideo: s.ids.modelVideo, feedbackVideo: s.ids.samTake, originalOffset: 0, feedbackOffset: 2 }),
  },

  // Assets: only the owner deletes, and not while someone else's records use them.
  'assets.delete alex’s reply-question video': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'assets.delete', { id: s.ids.questionVideo }),
    // Deletes cascade: the comment whose video it was goes with it.
    effect: async (w, s) => expect((await w.ok(s.user.dana, 'comments.list', { exercise: s.ids.assignment })).map((c) => c.id)).not.toContain(s.ids.alexComment),
  },
  'assets.delete alex’s take, which dana’s feedback is pinned to': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'conflict' },
    call: (w, s, a) => as(w, s, a, 'assets.delete', { id: s.ids.alexTake }),
  },
  'assets.delete the model video, which the students’ comparisons use': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'conflict' },
    call: (w, s, a) => as(w, s, a, 'assets.delete', { id: s.ids.modelVideo }),
  },
  'assets.deletePreview of the model video': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'assets.deletePreview', { id: s.ids.modelVideo }),
  },

  // Comments on a coach's exercise: a student's comment belongs to their own submission.
  'comments.create a note (no submission) on the assignment': {
    answers: { ...REFUSED_BY_OTHERS, dana: 'ok', alex: 'ok', sam: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.create', { exercise: s.ids.assignment, text: `from ${a}` }),
    effect: async (w, s, a) => {
      const mine = (await w.ok(s.user[a], 'comments.list', { exercise: s.ids.assignment })).find((c) => c.text === `from ${a}`);
      const own = { dana: null, alex: s.ids.alexSub, sam: s.ids.samSub }[a as 'dana' | 'alex' | 'sam'];
      expect(mine?.submission).toBe(own);
      // A student's comment reaches the coach, never the other student.
      const other = a === 'alex' ? 'sam' : 'alex';
      const seenByOther = (await w.ok(s.user[other], 'comments.list', { exercise: s.ids.assignment })).some((c) => c.text === `from ${a}`);
      expect(seenByOther).toBe(a === 'dana');
    },
  },
  'comments.create on alex’s submission': {
    answers: { sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok', alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.create', { exercise: s.ids.assignment, submission: s.ids.alexSub, text: 'About this take' }),
  },
  'comments.create by a student who has not submitted': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    setup: async (w, s) => ({ drill: (await w.ok(s.user.dana, 'exercises.create', { name: 'Footwork drill' })).id }),
    call: (w, s, a, x) => as(w, s, a, 'comments.create', { exercise: x.drill!, text: 'Question' }),
  },
  'comments.create on alex’s own exercise': {
    answers: { sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok', alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'comments.create', { exercise: s.ids.alexOwn, text: 'Looks better' }),
  },
  'comments.create with a submission on a student’s exercise': {
    answers: { dana: 'bad-input', alex: 'bad-input', sam: 'not-found', ...REFUSED_BY_OTHERS },
    call: (w, s, a) => as(w, s, a, 'comments.create', { exercise: s.ids.alexOwn, submission: s.ids.alexSub, text: 'Wrong thread' }),
  },

  // Votes: on others' comments one can see, never one's own.
  'votes.cast on dana’s feedback': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'votes.cast', { comment: s.ids.feedback, isHelpful: true }),
    effect: async (w, s) =>
      expect((await w.ok(s.user.dana, 'comments.list', { exercise: s.ids.assignment })).find((c) => c.id === s.ids.feedback)?.helpfulCount).toBe(1),
  },
  'votes.cast on dana’s note': {
    answers: { dana: 'forbidden', ...REFUSED_BY_OTHERS, alex: 'ok', sam: 'ok' },
    call: (w, s, a) => as(w, s, a, 'votes.cast', { comment: s.ids.note, isHelpful: true }),
  },
  'votes.cast on alex’s comment': {
    answers: { alex: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => as(w, s, a, 'votes.cast', { comment: s.ids.alexComment, isHelpful: false }),
  },
  'votes.cast on dana’s comment on alex’s own exercise': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => as(w, s, a, 'votes.cast', { comment: s.ids.danaOnOwn, isHelpful: true }),
  },

  // Tags: attached and detached by the owner of the tagged item.
  'tags.attach to the assignment': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => withTag(w, s, a, 'tags.attach', 'exercise', s.ids.assignment),
    effect: async (w, s) => expect((await w.ok(s.user.sam, 'exercises.get', { id: s.ids.assignment })).tags.map((t) => t.name)).toEqual(['Serve drills']),
  },
  'tags.attach to alex’s own exercise': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => withTag(w, s, a, 'tags.attach', 'exercise', s.ids.alexOwn),
  },
  'tags.attach to dana’s feedback comment': {
    answers: { alex: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, dana: 'ok' },
    call: (w, s, a) => withTag(w, s, a, 'tags.attach', 'comment', s.ids.feedback),
  },
  'tags.attach to alex’s take': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    call: (w, s, a) => withTag(w, s, a, 'tags.attach', 'videoasset', s.ids.alexTake),
  },
  'tags.detach from the assignment': {
    answers: { alex: 'forbidden', sam: 'forbidden', ...REFUSED_BY_OTHERS, dana: 'ok' },
    setup: async (w, s) => {
      const tag = await ensureTag(w, s);
      await w.ok(s.user.dana, 'tags.attach', { tag, contentType: 'exercise', contentId: s.ids.assignment });
      return { tag };
    },
    call: (w, s, a, x) => as(w, s, a, 'tags.detach', { tag: x.tag!, contentType: 'exercise', contentId: s.ids.assignment }),
    effect: async (w, s) => expect((await w.ok(s.user.alex, 'exercises.get', { id: s.ids.assignment })).tags).toEqual([]),
  },
  'tags.detach from alex’s own exercise': {
    answers: { dana: 'forbidden', sam: 'not-found', ...REFUSED_BY_OTHERS, alex: 'ok' },
    setup: async (w, s) => {
      const tag = await ensureTag(w, s);
      await w.ok(s.user.alex, 'tags.attach', { tag, contentType: 'exercise', contentId: s.ids.alexOwn });
      return { tag };
    },
    call: (w, s, a, x) => as(w, s, a, 'tags.detach', { tag: x.tag!, contentType: 'exercise', contentId: s.ids.alexOwn }),
    effect: async (w, s) => expect((await w.ok(s.user.dana, 'exercises.get', { id: s.ids.alexOwn })).tags).toEqual([]),
  },
};

async function ensureTag(w: World, s: Scene): Promise<string> {
  const existing = (await w.ok(s.user.dana, 'tags.list', { prefix: 'Serve drills' }))[0];
  return existing?.id ?? (await w.ok(s.user.dana, 'tags.create', { name: 'Serve drills' })).id;
}
async function withTag(w: World, s: Scene, a: Actor, channel: 'tags.attach', contentType: 'exercise' | 'comment' | 'videoasset', contentId: string) {
  return as(w, s, a, channel, { tag: await ensureTag(w, s), contentType, contentId });
}

describe('what each user may change', () => {
  let world: World | undefined;
  afterEach(() => world?.dispose());

  it.each(Object.entries(CHANGES))('%s', async (_name, cell) => {
    world = await makeWorld();
    const w = world;
    const scene = await buildScene(w);
    // Set up whatever the call needs (a tag, a video) before the snapshot, so a refusal must leave it as is.
    const order = (Object.entries(cell.answers) as [Actor, 'ok' | ErrorCode][]).sort(([, a], [, b]) => Number(a === 'ok') - Number(b === 'ok'));
    await ensureTag(w, scene);
    const extra = (await cell.setup?.(w, scene)) ?? {};
    for (const [actor, answer] of order) {
      if (answer === 'ok') {
        const result = await cell.call(w, scene, actor, extra);
        expect(result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`, `${actor} should be allowed`).toBe('ok');
        await cell.effect?.(w, scene, actor);
        continue;
      }
      const before = rowCounts(w.store.db);
      const result = await cell.call(w, scene, actor, extra);
      expect(result.ok ? 'ok' : result.error.code, `${actor} should get ${answer}`).toBe(answer);
      expectRefusal(result, answer);
      const after = rowCounts(w.store.db);
      // The call may have set up its own inputs (a video in the caller's library); nothing else moved.
      expect({ ...after, core_videoasset: 0, sync_field_clock: 0, sync_outbox: 0, sync_record_state: 0 }).toEqual({
        ...before, core_videoasset: 0, sync_field_clock: 0, sync_outbox: 0, sync_record_state: 0,
      });
    }
  });

  it('every cell of the matrix states every actor’s answer', () => {
    for (const [name, cell] of Object.entries(CHANGES)) expect(Object.keys(cell.answers).sort(), name).toEqual([...ACTORS].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Cells that need more than one call
// ---------------------------------------------------------------------------------------------
describe('permission details', () => {
  let world: World | undefined;
  afterEach(() => world?.dispose());

  it('a vote belongs to its voter: clearing one’s own vote leaves everyone else’s', async () => {
    world = await makeWorld();
    const w = world;
    const s = await buildScene(w);
    await w.ok(s.user.alex, 'votes.cast', { comment: s.ids.note, isHelpful: true });
    await w.ok(s.user.sam, 'votes.cast', { comment: s.ids.note, isHelpful: true });
    const helpful = async () => (await w.ok(s.user.dana, 'comments.list', { exercise: s.ids.assignment })).find((c) => c.id === s.ids.note)!.helpfulCount;
    expect(await helpful()).toBe(2);
    // Dana has no vote of her own there; clearing cannot touch the students' votes.
    expect(await w.ok(s.user.dana, 'votes.clear', { comment: s.ids.note })).toEqual({ cleared: false });
    expect(await helpful()).toBe(2);
    expect(await w.ok(s.user.sam, 'votes.clear', { comment: s.ids.note })).toEqual({ cleared: true });
    expect(await helpful()).toBe(1);
    const alexView = (await w.ok(s.user.alex, 'comments.list', { exercise: s.ids.assignment })).find((c) => c.id === s.ids.note)!;
    expect(alexView.myVote).toBe(true);
    // Casting again changes the caller's own vote, never adds a second one.
    await w.ok(s.user.alex, 'votes.cast', { comment: s.ids.note, isHelpful: false });
    expect(await helpful()).toBe(0);
    expect(w.count('votes_helpfulvote')).toBe(1);
  });

  it('a student cannot attach another student’s submission to a comment', async () => {
    world = await makeWorld();
    const w = world;
    const s = await buildScene(w);
    const before = w.count('comments_videocomment');
    expectRefusal(await w.as(s.user.alex, 'comments.create', { exercise: s.ids.assignment, submission: s.ids.samSub, text: 'Hi sam' }), 'forbidden');
    expectRefusal(await w.as(s.user.sam, 'comments.create', { exercise: s.ids.assignment, submission: s.ids.alexSub, text: 'Hi alex' }), 'forbidden');
    expect(w.count('comments_videocomment')).toBe(before);
  });

  it('assets.deletePreview lists what a delete would remove and whose records block it', async () => {
    world = await makeWorld();
    const w = world;
    const s = await buildScene(w);
    const preview = await w.ok(s.user.dana, 'assets.deletePreview', { id: s.ids.modelVideo });
    expect(preview.asset.id).toBe(s.ids.modelVideo);
    expect(preview.exercises).toEqual([{ id: s.ids.assignment, name: 'Serve' }]);
    // Deleting the model video takes the assignment along, and with it every submission and comment on it.
    expect(preview.submissions.map((x) => x.id).sort()).toEqual([s.ids.alexSub, s.ids.samSub].sort());
    expect(preview.submissions.every((x) => x.exerciseName === 'Serve')).toBe(true);
    expect(preview.comments).toBe(4);
    expect(preview.blockedBy.map((b) => `${b.kind}:${b.owner}`).sort()).toEqual(['comparison:Alex', 'comparison:Sam']);

    const alexPreview = await w.ok(s.user.alex, 'assets.deletePreview', { id: s.ids.alexTake });
    expect(alexPreview.blockedBy).toEqual([{ kind: 'comment', id: s.ids.feedback, owner: 'Dana' }]);
    expect(alexPreview.submissions.map((x) => x.id)).toEqual([s.ids.alexSub]);

    // The refusal names who blocks it, and nothing is removed.
    const refused = await w.as(s.user.dana, 'assets.delete', { id: s.ids.modelVideo });
    expect(expectRefusal(refused, 'conflict')).toMatch(/Alex/);
    expect((await w.ok(s.user.sam, 'exercises.get', { id: s.ids.assignment })).videoAsset).toBe(s.ids.modelVideo);
  });

  it('an asset only its owner’s records use is deleted with them, as the preview said', async () => {
    world = await makeWorld();
    const w = world;
    const s = await buildScene(w);
    const video = await w.asset(s.user.dana, 'drill.mp4');
    const drill = await w.ok(s.user.dana, 'exercises.create', { name: 'Drill', videoAsset: video });
    const preview = await w.ok(s.user.dana, 'assets.deletePreview', { id: video });
    expect(preview).toMatchObject({ exercises: [{ id: drill.id, name: 'Drill' }], submissions: [], comments: 0, clips: 0, blockedBy: [] });
    await w.ok(s.user.dana, 'assets.delete', { id: video });
    expectRefusal(await w.as(s.user.dana, 'exercises.get', { id: drill.id }), 'not-found');
    expectRefusal(await w.as(s.user.dana, 'assets.get', { id: video }), 'not-found');
  });

  it('a clip cut from someone else’s video blocks its delete, and is tagged only by its owner', async () => {
    world = await makeWorld();
    const w = world;
    const s = await buildScene(w);
    const clip = remoteClip(w, s.user.dana.id, s.ids.alexOwnVideo, 1, 2.5);
    await w.core.applyRemote([clip]);
    // The clip's source is alex's; dana sees it through her roster, sam does not.
    expect((await w.ok(s.user.dana, 'clips.list', {})).map((k) => k.id)).toEqual([clip.id]);
    expect(await w.ok(s.user.sam, 'clips.list', {})).toEqual([]);
    const preview = await w.ok(s.user.alex, 'assets.deletePreview', { id: s.ids.alexOwnVideo });
    expect(preview).toMatchObject({ clips: 1, exercises: [{ id: s.ids.alexOwn }], blockedBy: [{ kind: 'clip', id: clip.id, owner: 'Dana' }] });
    expectRefusal(await w.as(s.user.alex, 'assets.delete', { id: s.ids.alexOwnVideo }), 'conflict');
    expect((await w.ok(s.user.alex, 'exercises.get', { id: s.ids.alexOwn })).videoAsset).toBe(s.ids.alexOwnVideo);

    const tag = await ensureTag(w, s);
    // Dana's clip is her record: alex, whose video it was cut from, does not see it (nothing visible to him uses it).
    expectRefusal(await w.as(s.user.alex, 'tags.attach', { tag, contentType: 'clip', contentId: clip.id }), 'not-found');
    expectRefusal(await w.as(s.user.sam, 'tags.attach', { tag, contentType: 'clip', contentId: clip.id }), 'not-found');
    // Once her comment uses the clip's own bytes, the student who sees the comment sees the clip: still not his to tag.
    const clipBytes = await w.asset(s.user.dana, 'clip.mp4');
    const shared = remoteClip(w, s.user.dana.id, s.ids.alexOwnVideo, 3, 4, { clipAsset: clipBytes });
    await w.core.applyRemote([shared]);
    await w.ok(s.user.dana, 'comments.create', { exercise: s.ids.alexOwn, text: 'Watch this part', videoAsset: clipBytes });
    expect((await w.ok(s.user.alex, 'clips.list', {})).map((k) => k.id)).toEqual([shared.id]);
    expectRefusal(await w.as(s.user.alex, 'tags.attach', { tag, contentType: 'clip', contentId: shared.id }), 'forbidden');
    expect(await w.ok(s.user.dana, 'tags.attach', { tag, contentType: 'clip', contentId: clip.id })).toEqual({ attached: true });
    expect((await w.ok(s.user.dana, 'tags.list', { contentType: 'clip', contentId: clip.id })).map((t) => t.id)).toEqual([tag]);
  });

  it('a coach records no comparison session; a student’s is theirs alone', async () => {
    world = await makeWorld();
    const w = world;
    const s = await buildScene(w);
    const opened = await w.ok(s.user.dana, 'comparisons.create', { exercise: s.ids.assignment, originalVideo: s.ids.modelVideo, feedbackVideo: s.ids.alexTake });
    expect(opened.comparison).toBeNull();
    expect((await w.ok(s.user.dana, 'comparisons.list', {})).length).toBe(2);
  });
});
