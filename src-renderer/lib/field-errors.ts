import type { z } from 'zod';
import { isApiError, type FieldIssue } from '../api/client';

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Field messages keyed by the first path segment, phrased with the field's label:
 * "must not be empty" becomes "Name must not be empty."
 */
export function fieldErrors(issues: readonly FieldIssue[], labels: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.split('.')[0] ?? '';
    if (out[key]) continue;
    out[key] = sentence(labels[key], issue.message);
  }
  return out;
}

/** The same, from a zod result checked before sending (the channel checks again). */
export function zodFieldErrors(error: z.ZodError, labels: Record<string, string>): FieldErrors {
  return fieldErrors(
    error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    labels,
  );
}

/** Field errors from a failed call, when it failed on the input; otherwise none. */
export function apiFieldErrors(error: unknown, labels: Record<string, string>): FieldErrors {
  return isApiError(error) ? fieldErrors(error.issues, labels) : {};
}

function sentence(label: string | undefined, message: string): string {
  const text = label && /^[a-z]/.test(message) ? `${label} ${message}` : message;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A sign-in's own checks before anything is sent: a username and a password. */
export function credentialProblems(username: string, password: string): FieldErrors {
  return {
    ...(username.trim() === '' ? { username: 'Enter your username.' } : {}),
    ...(password === '' ? { password: 'Enter your password.' } : {}),
  };
}
