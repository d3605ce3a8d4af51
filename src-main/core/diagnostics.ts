import { execFile } from 'node:child_process';
import { arch, homedir, platform, release } from 'node:os';
import { redact } from './logging/rotating-log';

export interface DiagnosticsFacts {
  /** Names and versions: app, Electron, Chromium, Node, ffmpeg…; null when unknown. */
  versions: Record<string, string | null>;
  /** The settings as the settings screen sees them: never a secret (those live in the SecretStore). */
  settings: unknown;
  /** Other facts worth a line each (open profile, running jobs). */
  facts?: Record<string, string | number | boolean | null>;
  logLines: readonly string[];
  /** When the report was made. */
  now: number;
  home?: string;
}

/** How many log lines a report carries. */
export const DIAGNOSTICS_LOG_LINES = 200;

/**
 * The text of Help → Copy Diagnostics. The whole text is redacted at the end, whatever its parts
 * already were: a token that slipped into a setting or a log line still never reaches a bug report.
 */
export function diagnosticsText({ versions, settings, facts = {}, logLines, now, home = homedir() }: DiagnosticsFacts): string {
  const lines = [
    `Coachframe diagnostics — ${new Date(now).toISOString()}`,
    '',
    '## Versions',
    ...Object.entries(versions).map(([name, version]) => `${name}: ${version ?? 'unknown'}`),
    `os: ${platform()} ${release()} (${arch()})`,
    '',
    '## State',
    ...Object.entries(facts).map(([name, value]) => `${name}: ${value ?? 'none'}`),
    '',
    '## Settings',
    JSON.stringify(settings, null, 2),
    '',
    `## Log (last ${logLines.length} lines)`,
    ...logLines,
  ];
  return redact(lines.join('\n'), { home });
}

/** The first line of `ffmpeg -version`, or null when it cannot be run. */
export function toolVersion(program: string, timeoutMs = 3000): Promise<string | null> {
  return new Promise((done) => {
    execFile(program, ['-version'], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      if (error) return done(null);
      const first = String(stdout).split('\n')[0]?.trim();
      done(first ? first : null);
    });
  });
}
