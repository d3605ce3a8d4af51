import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';
import { makeCore } from '../support/world';

/**
 * The contract is the only door into the core. Every channel has a handler and every handler a
 * channel; whatever a renderer sends, the answer is an envelope — `bad-input` with a message for a
 * malformed payload — never a throw and never `internal`. The malformed payloads are generated from
 * the channels' zod schemas, so a channel added later is covered without touching this file.
 */

type Schema = z.ZodType & { def: { type: string; innerType?: Schema; shape?: Record<string, Schema>; element?: Schema } };
const def = (s: z.ZodType) => (s as Schema).def;

/** The schema under optional/default/nullable wrappers. */
function core(schema: z.ZodType): Schema {
  let s = schema as Schema;
  while (['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(s.def.type) && s.def.innerType) s = s.def.innerType;
  return s;
}
const shapeOf = (schema: z.ZodType): Record<string, Schema> => (schema as unknown as { shape: Record<string, Schema> }).shape;
/** A field the caller must send: undefined does not parse. */
const isRequired = (schema: z.ZodType) => !schema.safeParse(undefined).success;

const UUID = '0b7c3f4e-8a51-4a63-9d2e-5f1a7c9e2b10';
/** A value `schema` accepts (required parts only), found by trying likely candidates. */
const STRING_SAMPLES = [UUID, 'Serve practice', 'dana', '/home/dana/serve.mp4', 'video/webm', 'http://127.0.0.1:8080', 'ABCD-1234', '2026-01-01T00:00:00.000Z'];

function sample(schema: z.ZodType): unknown {
  const s = schema as Schema;
  let candidates: unknown[];
  switch (s.def.type) {
    case 'optional':
    case 'default':
      return undefined;
    case 'nullable':
      return sample(s.def.innerType!);
    case 'pipe':
      // A pipe's input must also pass what it pipes into: try the string samples as well.
      candidates = [sample((s.def as unknown as { in: z.ZodType }).in), ...STRING_SAMPLES];
      break;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(shapeOf(s))) {
        const value = sample(field);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array':
      if (s.safeParse([]).success) return [];
      candidates = [[sample(s.def.element!)]];
      break;
    case 'union':
      candidates = (s as unknown as { options: z.ZodType[] }).options.map(sample);
      break;
    case 'enum':
      candidates = (s as unknown as { options: unknown[] }).options;
      break;
    case 'string':
      candidates = STRING_SAMPLES;
      break;
    case 'number':
      candidates = [1, 0];
      break;
    case 'boolean':
      candidates = [true];
      break;
    default:
      throw new Error(`no sample for a ${s.def.type} schema: teach this test about it`);
  }
  const found = candidates.find((c) => s.safeParse(c).success);
  if (found === undefined) throw new Error(`no sample for a ${s.def.type} schema`);
  return found;
}

/** Values of the wrong type for a field of this (unwrapped) type. */
function wrongTypes(type: string): unknown[] {
  const all: Record<string, unknown[]> = {
    string: [42, true, ['x'], { value: 'x' }],
    number: ['12', true, [1], { n: 1 }, Number.NaN, Number.POSITIVE_INFINITY],
    boolean: ['true', 1, [true]],
    enum: ['not-one-of-them', 7, ['x']],
    array: ['x', 3, { 0: 'x' }],
    object: ['x', 3, [1, 2]],
  };
  return all[type] ?? ['x', 3];
}

interface Case {
  channel: ChannelName;
  what: string;
  payload: unknown;
  /** The dotted path the refusal should name, when it is about one field. */
  path?: string;
}

const HUGE = 'x'.repeat(1_000_000);

function casesFor(channel: ChannelName): Case[] {
  const input = channels[channel].input;
  const base = sample(input) as Record<string, unknown>;
  const fields = Object.entries(shapeOf(input));
  const required = fields.filter(([, f]) => isRequired(f));
  const cases: Case[] = [
    { channel, what: 'a number', payload: 42 },
    { channel, what: 'a string', payload: 'exercises' },
    { channel, what: 'an array', payload: [base] },
    { channel, what: 'true', payload: true },
    { channel, what: 'a huge array', payload: Array.from({ length: 100_000 }, () => base) },
    { channel, what: 'a huge string', payload: HUGE },
  ];
  if (required.length > 0) {
    cases.push({ channel, what: '{} where fields are required', payload: {}, path: required[0]![0] });
    cases.push({ channel, what: 'only an extra huge field', payload: { padding: HUGE } });
    for (const [key] of required) cases.push({ channel, what: `${key} missing`, payload: omit(base, key), path: key });
  }
  for (const [key, field] of fields) {
    const inner = core(field);
    const type = def(inner).type;
    for (const wrong of wrongTypes(type)) {
      cases.push({ channel, what: `${key} = ${show(wrong)}`, payload: { ...base, [key]: wrong }, path: key });
    }
    if (type === 'string') {
      cases.push({ channel, what: `${key} over-long`, payload: { ...base, [key]: HUGE }, path: key });
      if (inner.safeParse(UUID).success && !inner.safeParse('not-a-uuid').success) {
        for (const bad of ['not-a-uuid', UUID.toUpperCase(), `${UUID} `, UUID.replace(/-/g, ''), `${UUID}0`]) {
          cases.push({ channel, what: `${key} = non-UUID ${JSON.stringify(bad)}`, payload: { ...base, [key]: bad }, path: key });
        }
      }
    }
    if (type === 'number') {
      cases.push({ channel, what: `${key} far out of range`, payload: { ...base, [key]: 1e12 }, path: key });
    }
    if (type === 'array') {
      cases.push({ channel, what: `${key} with 100,000 items`, payload: { ...base, [key]: Array.from({ length: 100_000 }, () => UUID) }, path: key });
    }
    if (type === 'object') {
      // One level down: a nested object's own fields get wrong types too.
      for (const [sub, subField] of Object.entries(shapeOf(inner))) {
        for (const wrong of wrongTypes(def(core(subField)).type)) {
          const nested = { ...(sample(inner) as object), [sub]: wrong };
          cases.push({ channel, what: `${key}.${sub} = ${show(wrong)}`, payload: { ...base, [key]: nested }, path: `${key}.${sub}` });
        }
      }
    }
  }
  return cases;
}
const omit = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
/** A short readable form of a value, for case names. */
const show = (v: unknown): string => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v)?.slice(0, 30) ?? String(v)));

const ALL_CASES = CHANNEL_NAMES.flatMap(casesFor);

describe('the contract', () => {
  it('every channel has a handler and every handler a channel', () => {
    const { core, dispose } = makeCore();
    try {
      expect([...core.handlerNames()].sort()).toEqual([...CHANNEL_NAMES].sort());
      expect(new Set(core.handlerNames()).size).toBe(core.handlerNames().length);
    } finally {
      dispose();
    }
  });

  it.each(CHANNEL_NAMES)('%s is named domain.verb', (name) => {
    expect(name).toMatch(/^[a-z]+\.[a-z][a-zA-Z]*$/);
  });

  it('the channels the issue asks for are all there', () => {
    const required = [
      'profiles.list', 'profiles.create', 'profiles.switch', 'profiles.current', 'roster.list',
      'exercises.list', 'exercises.get', 'exercises.create', 'exercises.update', 'exercises.delete', 'stack.list',
      'submissions.list', 'submissions.create', 'submissions.resubmit', 'submissions.setStatus', 'submissions.delete',
      'comments.list', 'comments.create', 'comments.update', 'comments.delete', 'comments.markRead',
      'comparisons.list', 'comparisons.create', 'comparisons.finish', 'tags.list', 'tags.create', 'tags.attach', 'tags.detach',
      'votes.cast', 'votes.clear', 'assets.list', 'assets.get', 'assets.delete', 'assets.deletePreview', 'clips.list',
    ];
    expect(CHANNEL_NAMES).toEqual(expect.arrayContaining(required));
  });

  it('the generated payloads start from one each channel accepts', () => {
    for (const channel of CHANNEL_NAMES) {
      const input = channels[channel].input;
      expect(input.safeParse(sample(input)).success, channel).toBe(true);
    }
  });
});

describe('malformed payloads', () => {
  let harness: ReturnType<typeof makeCore>;
  beforeAll(async () => {
    harness = makeCore();
    // With a profile open, a payload that slipped past validation would reach a handler and answer
    // something other than bad-input.
    const created = await harness.core.dispatch('profiles.create', { username: 'dana', displayName: 'Dana', role: 'coach' }, { shell: 'web' });
    expect(created.ok).toBe(true);
  });
  afterAll(() => harness?.dispose());

  it.each(CHANNEL_NAMES)('%s given null answers bad-input', async (channel) => {
    const result = await harness.core.dispatch(channel, null, { shell: 'web' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('every channel answers every generated malformed payload with bad-input and a message', async () => {
    expect(ALL_CASES.length).toBeGreaterThan(CHANNEL_NAMES.length * 8);
    const wrong: string[] = [];
    for (const c of ALL_CASES) {
      let result: Result<unknown>;
      try {
        result = await harness.core.dispatch(c.channel, c.payload, { shell: 'web' });
      } catch (error) {
        wrong.push(`${c.channel} ${c.what}: threw ${String(error)}`);
        continue;
      }
      if (result.ok) {
        wrong.push(`${c.channel} ${c.what}: accepted`);
        continue;
      }
      const { code, message, issues } = result.error;
      if (code !== 'bad-input') wrong.push(`${c.channel} ${c.what}: ${code} (${message})`);
      else if (!message || message.length < 5 || message.length > 500) wrong.push(`${c.channel} ${c.what}: message ${JSON.stringify(message)}`);
      else if (c.path !== undefined && !issues?.some((i) => i.path === c.path || i.path.startsWith(`${c.path}.`))) {
        wrong.push(`${c.channel} ${c.what}: issues do not name ${c.path}: ${JSON.stringify(issues)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a valid payload with a huge extra field is never a crash', async () => {
    for (const channel of CHANNEL_NAMES) {
      if (channel === 'profiles.create' || channel === 'profiles.switch') continue;
      const payload = { ...(sample(channels[channel].input) as object), padding: HUGE };
      const result = await harness.core.dispatch(channel, payload, { shell: 'web' });
      expect(result.ok || result.error.code !== 'internal', `${channel}: ${JSON.stringify(result).slice(0, 200)}`).toBe(true);
    }
  });

  it.each(['nope.nothing', '', 'exercises', 'exercises.list.more', 'Exercises.List', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(10_000)])(
    'the unknown channel %s answers bad-input',
    async (name) => {
      const result = await harness.core.dispatch(name, {}, { shell: 'web' });
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
    },
  );
});

describe('before a profile exists', () => {
  let harness: ReturnType<typeof makeCore>;
  beforeAll(() => {
    harness = makeCore();
  });
  afterAll(() => harness?.dispose());

  const profileBound = CHANNEL_NAMES.filter((c) => !channels[c].noProfile);
  it.each(profileBound)('%s answers no-profile', async (channel) => {
    const result = await harness.core.dispatch(channel, sample(channels[channel].input), { shell: 'web' });
    expect(result).toMatchObject({ ok: false, error: { code: 'no-profile' } });
    if (!result.ok) expect(result.error.message).toMatch(/profile/i);
  });

  it('the profile channels work without one', async () => {
    const { core } = harness;
    expect(await core.dispatch('profiles.list', {}, { shell: 'web' })).toEqual({ ok: true, value: [] });
    expect(await core.dispatch('profiles.current', {}, { shell: 'web' })).toEqual({ ok: true, value: null });
    expect(await core.dispatch('profiles.switch', { id: randomUUID() }, { shell: 'web' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // Channels still validate first: a malformed payload is bad-input even before a profile exists.
    expect(await core.dispatch('exercises.get', { id: 'nope' }, { shell: 'web' })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});
