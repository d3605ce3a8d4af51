import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  /** The folder of the log files (`<data folder>/logs`). */
  dir: string;
  /** Days of files kept, today included. */
  keepDays?: number;
  /** The user's home folder, whose paths are redacted. */
  home?: string;
  now?: () => number;
}

export interface RotatingLog {
  write(level: LogLevel, message: string, error?: unknown): void;
  /** The last `count` lines, oldest first, across days. */
  tail(count: number): string[];
}

const FILE = /^coachframe-(\d{4}-\d{2}-\d{2})\.log$/;
export const logFileName = (time: number): string => `coachframe-${new Date(time).toISOString().slice(0, 10)}.log`;

/**
 * The app's log: one file a day (UTC), `coachframe-YYYY-MM-DD.log`, the last `keepDays` days kept.
 * Every line goes through `redact` first, so the files can be attached to a bug report: no tokens, no
 * e-mail addresses, no paths that name the person. Writing never throws — a full disk or a removed
 * folder must not turn a warning into a crash — and is synchronous, so the last lines before a crash
 * are on disk.
 */
export function createRotatingLog({ dir, keepDays = 7, home = homedir(), now = Date.now }: RotatingLogOptions): RotatingLog {
  let currentFile = '';

  const rotate = (file: string) => {
    currentFile = file;
    try {
      mkdirSync(dir, { recursive: true });
      // Today's file counts as one of the days kept, whether it exists yet or not.
      const older = logFiles(dir).filter((name) => name < file);
      for (const old of older.slice(0, Math.max(0, older.length - (keepDays - 1)))) rmSync(join(dir, old), { force: true });
    } catch {
      // Pruning is housekeeping: the next day tries again.
    }
  };

  return {
    write(level, message, error) {
      const time = now();
      const file = logFileName(time);
      if (file !== currentFile) rotate(file);
      const line = `${new Date(time).toISOString()} ${level.toUpperCase().padEnd(5)} ${redact(formatEntry(message, error), { home })}`;
      try {
        appendFileSync(join(dir, file), `${line.replace(/\r?\n/g, '\n    ')}\n`, { mode: 0o600 });
      } catch {
        // Nowhere to write: the console (in development) still has it.
      }
    },

    tail(count) {
      const lines: string[] = [];
      let files: string[];
      try {
        files = logFiles(dir);
      } catch {
        return [];
      }
      for (const file of files.reverse()) {
        let text: string;
        try {
          text = readFileSync(join(dir, file), 'utf8');
        } catch {
          continue;
        }
        const fileLines = text.split('\n').filter((l) => l.length > 0);
        lines.unshift(...fileLines.slice(-(count - lines.length)));
        if (lines.length >= count) break;
      }
      return lines.slice(-count);
    },
  };
}

/** The log files of `dir`, oldest first (their names sort by date). */
function logFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => FILE.test(name))
    .sort();
}

function formatEntry(message: string, error: unknown): string {
  if (error === undefined || error === null || error === '') return message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The stack's first frames say where; the rest is noise in a log a person reads.
    const stack = error.stack?.split('\n').slice(1, 6).join('\n') ?? '';
    return `${message}: ${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}${stack ? `\n${stack}` : ''}`;
  }
  return `${message}: ${typeof error === 'string' ? error : safeJson(error)}`;
}

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

export interface RedactOptions {
  /** The user's home folder: a path under it becomes `<home>/…`. */
  home?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text that is safe to keep and share: what looks like a secret becomes `<secret>`/`<token>`, e-mail
 * addresses `<email>`, and the user's home folder `<home>` (the rest of the path — our own data
 * folder, by ids — stays, since it says where a problem is). Ids (UUIDs) are kept: they are how a
 * report points at a record without saying what is in it.
 */
export function redact(text: string, { home = homedir() }: RedactOptions = {}): string {
  let out = text;
  // Credentials in URLs: https://user:password@host.
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1<secret>@');
  // Authorization headers and bearer tokens.
  out = out.replace(/\b(authorization\s*[:=]\s*)("?)[^\s",}]+(?:\s+[^\s",}]+)?/gi, '$1$2<secret>');
  out = out.replace(/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer <secret>');
  // key=value and "key": "value" where the key names a secret.
  out = out.replace(
    /(["']?\b[\w-]*(?:token|secret|password|passwd|pwd|api[_-]?key|access[_-]?key|credential|session[_-]?id|cookie)[\w-]*["']?\s*[:=]\s*)(["']?)[^\s"',;&}]+/gi,
    '$1$2<secret>',
  );
  // JSON Web Tokens.
  out = out.replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '<token>');
  out = out.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '<email>');
  // Long opaque strings of letters and digits (API keys, signed URLs' signatures): ids are kept.
  out = out.replace(/[A-Za-z0-9_+/=-]{32,}/g, (run) =>
    UUID.test(run) || !/\d/.test(run) || !/[A-Za-z]/.test(run) || /^[0-9a-f]{64}$/i.test(run) ? run : '<token>',
  );
  if (home && home.length > 1) {
    const trimmed = home.replace(/[\\/]+$/, '');
    // Either separator, and case-insensitively on Windows-style paths (C:\Users\Kim vs c:\users\kim).
    const pattern = escapeRegExp(trimmed).replace(/\\\\|\//g, '[\\\\/]');
    // Not followed by more of a name: /home/kim is not /home/kimberly.
    const end = '(?![A-Za-z0-9_-])';
    out = out.replace(new RegExp(`${pattern}${end}`, /^[A-Za-z]:/.test(trimmed) ? 'gi' : 'g'), '<home>');
    // The same folder written as a file: URL.
    out = out.replace(new RegExp(`${escapeRegExp(encodeURI(trimmed.replace(/\\/g, '/')))}${end}`, 'g'), '<home>');
  }
  return out;
}
