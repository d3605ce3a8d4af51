import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthResponse, CloudError, HealthResponse, InviteResponse, JoinResponse } from '../../src-shared/cloud';
import { pullAll, registerUser, startBackend, startTestCloud, type Backend, type TestCloud } from './support';

let backend: Backend;
let cloud: TestCloud;
beforeAll(async () => {
  backend = await startBackend('s3rver');
  cloud = await startTestCloud(backend);
});
afterAll(async () => {
  await cloud?.close();
  await backend?.close();
});

describe('HTTP basics', () => {
  it('answers health, 404 for unknown routes, 405 for wrong methods, and never a stack trace', async () => {
    const health = await cloud.api.get('/api/health');
    expect(health.status).toBe(200);
    expect(HealthResponse.parse(health.body).api).toBe(1);

    const unknown = await cloud.api.get('/api/nope');
    expect(unknown.status).toBe(404);
    expect(CloudError.parse(unknown.body).error.code).toBe('not-found');

    const wrongMethod = await cloud.api.get('/api/sync/push');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');

    const badJson = await cloud.api.call('POST', '/api/auth/register', undefined, undefined, '{not json');
    expect(badJson.status).toBe(400);
    expect(JSON.stringify(badJson.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a body over 5 MiB with 413 too-large', async () => {
    const res = await cloud.api.call('POST', '/api/auth/register', undefined, undefined, `"${'x'.repeat(5 * 1024 * 1024 + 10)}"`);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too-large');
  });

  it('needs a valid bearer token on everything but health and auth', async () => {
    expect((await cloud.api.get('/api/sync/pull')).status).toBe(401);
    const res = await cloud.api.get('/api/sync/pull', 'not-a-real-token-but-long-enough');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});

describe('register and sign-in', () => {
  it('registers a profile under its own UUID and returns a working token', async () => {
    const id = randomUUID();
    const res = await cloud.api.post('/api/auth/register', { id, username: 'ada', displayName: 'Ada L', role: 'coach', password: 'long enough pw' });
    expect(res.status).toBe(200);
    const auth = AuthResponse.parse(res.body);
    expect(auth.user).toEqual({ id, username: 'ada', displayName: 'Ada L', role: 'coach' });
    const pulled = await pullAll(cloud.api, { id, username: 'ada', token: auth.token, role: 'coach' });
    const own = pulled.records.find((r) => r.entity === 'user' && r.id === id);
    expect(own.fields.username.value).toBe('ada');
    expect(own.fields.display_name.hlc).toMatch(/-0000000000000000$/);
  });

  it('validates bodies with the contract and explains what is wrong', async () => {
    const res = await cloud.api.post('/api/auth/register', { id: 'nope', username: 'x', displayName: 'X', role: 'coach', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad-request');
    expect(res.body.error.message).toMatch(/id: must be a lowercase UUID/);
    expect(res.body.error.message).toMatch(/password: must be at least 8 characters/);
  });

  it('refuses a taken username (whatever its case) and an id registered before with 409', async () => {
    const first = await registerUser(cloud.api, 'student', 'Grace');
    const sameName = await cloud.api.post('/api/auth/register', { id: randomUUID(), username: 'grace', displayName: 'G', role: 'student', password: 'long enough pw' });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.code).toBe('username-taken');
    const sameId = await cloud.api.post('/api/auth/register', { id: first.id, username: 'grace2', displayName: 'G', role: 'student', password: 'long enough pw' });
    expect(sameId.status).toBe(409);
    expect(sameId.body.error.message).toMatch(/already registered/);
  });

  it('signs in with the right password only, and refuses a local profile of another identity', async () => {
    const user = await registerUser(cloud.api, 'coach', 'linus');
    const wrong = await cloud.api.post('/api/auth/token', { username: 'linus', password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    const unknown = await cloud.api.post('/api/auth/token', { username: 'nobody-here', password: 'wrong password' });
    expect(unknown.status).toBe(401);

    const newDevice = await cloud.api.post('/api/auth/token', { username: 'linus', password: 'correct horse battery' });
    expect(newDevice.status).toBe(200);
    expect(AuthResponse.parse(newDevice.body).user.id).toBe(user.id);
    const sameProfile = await cloud.api.post('/api/auth/token', { username: 'LINUS', password: 'correct horse battery', profileId: user.id });
    expect(sameProfile.status).toBe(200);

    const otherProfile = await cloud.api.post('/api/auth/token', { username: 'linus', password: 'correct horse battery', profileId: randomUUID() });
    expect(otherProfile.status).toBe(403);
    expect(otherProfile.body.error.code).toBe('identity-mismatch');
    expect(otherProfile.body.error.message).toMatch(/a local profile cannot be signed in to another account/);
  });

  it('keeps only hashes of passwords and tokens', async () => {
    const user = await registerUser(cloud.api, 'student', 'hashcheck');
    const tokens = cloud.cloud.db.prepare('SELECT token_sha256 FROM cloud_tokens WHERE user_id = ?').pluck().all(user.id) as string[];
    expect(tokens).not.toContain(user.token);
    const creds = cloud.cloud.db.prepare('SELECT password_hash FROM cloud_credentials WHERE user_id = ?').pluck().get(user.id) as string;
    expect(creds).not.toContain('correct horse');
  });
});

describe('roster', () => {
  it('lets a coach invite and a student join once; both then pull each other and the roster row', async () => {
    const coach = await registerUser(cloud.api, 'coach');
    const student = await registerUser(cloud.api, 'student');
    expect((await cloud.api.post('/api/roster/invites', {}, student.token)).status).toBe(403);

    const invite = await cloud.api.post('/api/roster/invites', {}, coach.token);
    expect(invite.status).toBe(200);
    const { code, expiresAt } = InviteResponse.parse(invite.body);
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);

    const before = await pullAll(cloud.api, student);
    expect(before.records.some((r) => r.id === coach.id)).toBe(false);

    expect((await cloud.api.post('/api/roster/join', { code }, coach.token)).status).toBe(403);
    const joined = await cloud.api.post('/api/roster/join', { code }, student.token);
    expect(joined.status).toBe(200);
    const join = JoinResponse.parse(joined.body);
    expect(join.coach.id).toBe(coach.id);

    const other = await registerUser(cloud.api, 'student');
    const reused = await cloud.api.post('/api/roster/join', { code }, other.token);
    expect(reused.status).toBe(404);
    expect((await cloud.api.post('/api/roster/join', { code: 'ZZZZ-9999' }, other.token)).status).toBe(404);

    const after = await pullAll(cloud.api, student, before.cursor);
    expect(after.records.find((r) => r.entity === 'user' && r.id === coach.id)).toBeDefined();
    const roster = after.records.find((r) => r.entity === 'roster');
    expect(roster).toMatchObject({ id: join.rosterId, fields: { coach: { value: coach.id }, student: { value: student.id } } });
    const coachSide = await pullAll(cloud.api, coach);
    expect(coachSide.records.filter((r) => r.entity === 'user').map((r) => r.id)).toEqual(expect.arrayContaining([coach.id, student.id]));
    expect(coachSide.records.some((r) => r.id === other.id)).toBe(false);
  });

  it('refuses an expired invite', async () => {
    let now = Date.now();
    const timed = await startTestCloud(backend, { now: () => now });
    try {
      const coach = await registerUser(timed.api, 'coach', 'timed-coach');
      const student = await registerUser(timed.api, 'student', 'timed-student');
      const { code } = (await timed.api.post('/api/roster/invites', {}, coach.token)).body;
      now += 8 * 24 * 3600_000;
      expect((await timed.api.post('/api/roster/join', { code }, student.token)).status).toBe(404);
    } finally {
      await timed.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 rate-limited with Retry-After once the bucket is empty, and recovers', async () => {
    let now = Date.now();
    const limited = await startTestCloud(backend, { rateLimit: { perSecond: 0.5, burst: 2 }, now: () => now });
    try {
      expect((await limited.api.get('/api/health')).status).toBe(200);
      expect((await limited.api.get('/api/health')).status).toBe(200);
      const refused = await limited.api.get('/api/health');
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('rate-limited');
      expect(refused.headers.get('retry-after')).toBe('2');
      now += 2000;
      expect((await limited.api.get('/api/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
