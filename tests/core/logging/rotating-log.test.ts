import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRotatingLog, logFileName, redact } from '../../../src-main/core/logging/rotating-log';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coachframe-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 24 * 3600 * 1000;
const start = Date.parse('2026-03-01T10:00:00.000Z');

describe('the rotating log', () => {
  it('writes one file per day, named by date', () => {
    let now = start;
    const log = createRotatingLog({ dir, home: '/home/kim', now: () => now });
    log.write('warn', 'first');
    now += DAY;
    log.write('error', 'second', new Error('boom'));
    expect(readdirSync(dir).sort()).toEqual(['coachframe-2026-03-01.log', 'coachframe-2026-03-02.log']);
    expect(readFileSync(join(dir, 'coachframe-2026-03-01.log'), 'utf8')).toBe('2026-03-01T10:00:00.000Z WARN  first\n');
    const second = readFileSync(join(dir, logFileName(now)), 'utf8');
    expect(second).toMatch(/^2026-03-02T10:00:00.000Z ERROR second: Error: boom\n/);
  });

  it('keeps the last 7 days and leaves other files alone', () => {
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    let now = start;
    const log = createRotatingLog({ dir, home: '/home/kim', now: () => now });
    for (let day = 0; day < 10; day++) {
      log.write('warn', `day ${day}`);
      now += DAY;
    }
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(8);
    expect(files).toContain('notes.txt');
    expect(files.filter((f) => f.endsWith('.log'))[0]).toBe('coachframe-2026-03-04.log');
  });

  it('gives the last lines across days, oldest first', () => {
    let now = start;
    const log = createRotatingLog({ dir, home: '/home/kim', now: () => now });
    for (let i = 0; i < 5; i++) log.write('warn', `a${i}`);
    now += DAY;
    for (let i = 0; i < 3; i++) log.write('warn', `b${i}`);
    expect(log.tail(4).map((l) => l.split(' ').at(-1))).toEqual(['a4', 'b0', 'b1', 'b2']);
    expect(log.tail(100)).toHaveLength(8);
  });

  it('never throws when it cannot write', () => {
    const log = createRotatingLog({ dir: join(dir, 'file-not-folder'), home: '/home/kim', now: () => start });
    writeFileSync(join(dir, 'file-not-folder'), 'x');
    expect(() => log.write('error', 'lost')).not.toThrow();
    expect(log.tail(5)).toEqual([]);
  });

  it('writes no secret, e-mail address or home path to the file', () => {
    const log = createRotatingLog({ dir, home: '/home/kim', now: () => start });
    log.write('error', 'sync failed for kim@example.com with token=abc123secret at /home/kim/Videos/serve.mp4', new Error('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'));
    const text = readFileSync(join(dir, logFileName(start)), 'utf8');
    for (const leak of ['kim@example.com', 'abc123secret', '/home/kim', 'eyJhbGci']) expect(text).not.toContain(leak);
    expect(text).toContain('<email>');
    expect(text).toContain('<home>/Videos/serve.mp4');
  });
});

describe('redact', () => {
  const home = '/home/kim';
  it.each([
    ['token=tok_live_123', 'token=<secret>'],
    ['{"accessToken":"abc.def"}', '{"accessToken":"<secret>"}'],
    ['password: hunter2', 'password: <secret>'],
    ['refresh_token=xyz&x=1', 'refresh_token=<secret>&x=1'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: <secret>'],
    ['got Bearer abc.def-ghi back', 'got Bearer <secret> back'],
    ['https://kim:pa55@cloud.example/x', 'https://<secret>@cloud.example/x'],
    ['key AKIAIOSFODNN7EXAMPLEabcdefghij0123456789 used', 'key <token> used'],
    ['mail coach.kim+tennis@club.example.org now', 'mail <email> now'],
    ['/home/kim/.config/Coachframe/profiles', '<home>/.config/Coachframe/profiles'],
    ['file:///home/kim/My%20Videos/a.mp4', 'file://<home>/My%20Videos/a.mp4'],
  ])('%s → %s', (input, expected) => {
    expect(redact(input, { home })).toBe(expected);
  });

  it('keeps ids, checksums, ordinary words and other users’ paths', () => {
    const text = 'asset 0b6a3b8e-3c1d-4e4e-9f55-0d7d4c4a1d11 sha ' + 'ab'.repeat(32) + ' at /home/kimberly/x and /tmp/a.mp4, 12 jobs';
    expect(redact(text, { home })).toBe(text);
  });

  it('redacts a Windows home whatever the case and separators', () => {
    expect(redact('C:\\Users\\Kim\\Videos\\a.mp4 and c:/users/kim/x', { home: 'C:\\Users\\Kim' })).toBe('<home>\\Videos\\a.mp4 and <home>/x');
  });
});
