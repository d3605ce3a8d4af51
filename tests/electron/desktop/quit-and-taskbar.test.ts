import { describe, expect, it } from 'vitest';
import { KEEP_WORKING_RESPONSE, QUIT_RESPONSE, quitDecision, quitQuestion } from '../../../src-main/electron/desktop/quit';
import { createJobTracker, feedbackNotice, showsBadgeCount, taskbarProgress } from '../../../src-main/electron/desktop/taskbar';

describe('quitting', () => {
  it('quits at once when no job runs', () => {
    expect(quitDecision(0)).toBe('quit');
    expect(quitDecision(0, KEEP_WORKING_RESPONSE)).toBe('quit');
  });

  it('asks while jobs run, and quits only on an explicit Quit', () => {
    expect(quitDecision(2)).toBe('ask');
    expect(quitDecision(2, null)).toBe('ask');
    expect(quitDecision(2, QUIT_RESPONSE)).toBe('quit');
    expect(quitDecision(2, KEEP_WORKING_RESPONSE)).toBe('keep-working');
  });

  it('asks in words, with Keep working as the default and the answer to Esc', () => {
    const question = quitQuestion(2);
    expect(question.message).toBe('Quit and cancel 2 running jobs?');
    expect(quitQuestion(1).message).toBe('Quit and cancel 1 running job?');
    expect(question.buttons[QUIT_RESPONSE]).toBe('Quit');
    expect(question.buttons[KEEP_WORKING_RESPONSE]).toBe('Keep working');
    expect(question.defaultId).toBe(KEEP_WORKING_RESPONSE);
    expect(question.cancelId).toBe(KEEP_WORKING_RESPONSE);
  });
});

const job = (id: string, done: number, total: number, state: 'running' | 'done' | 'failed' | 'cancelled' = 'running') => ({ id, done, total, state });

describe('taskbar progress', () => {
  it('is -1 (no bar) without running jobs, and the mean fraction of the running ones otherwise', () => {
    expect(taskbarProgress([])).toBe(-1);
    expect(taskbarProgress([job('a', 1, 1, 'done'), job('b', 0, 5, 'failed')])).toBe(-1);
    expect(taskbarProgress([job('a', 50, 100), job('b', 0, 10), job('c', 10, 10, 'done')])).toBe(0.25);
  });

  it('counts a job of unknown size as not started and never leaves 0..1', () => {
    expect(taskbarProgress([job('a', 5, 0), job('b', 12, 10)])).toBe(0.5);
    expect(taskbarProgress([job('a', -3, 10)])).toBe(0);
  });

  it('follows job.progress and job.done events', () => {
    const tracker = createJobTracker();
    expect(tracker.update(job('a', 1, 4))).toBe(0.25);
    expect(tracker.update(job('b', 3, 4))).toBe(0.5);
    expect(tracker.update(job('a', 4, 4, 'done'))).toBe(0.75);
    expect(tracker.update(job('b', 3, 4, 'cancelled'))).toBe(-1);
    expect(tracker.progress()).toBe(-1);
  });

  it('shows the badge count on macOS and Linux only', () => {
    expect(['darwin', 'linux', 'win32'].map((p) => showsBadgeCount(p as NodeJS.Platform))).toEqual([true, true, false]);
  });
});

describe('new-feedback notifications', () => {
  it('notify only when sync makes the unread count grow, never at start or when the user reads', () => {
    expect(feedbackNotice(null, 5)).toBeNull();
    expect(feedbackNotice(5, 5)).toBeNull();
    expect(feedbackNotice(5, 3)).toBeNull();
    expect(feedbackNotice(3, 4)).toEqual({ title: 'New feedback', body: 'You have new feedback on your work.' });
    expect(feedbackNotice(0, 3)?.body).toBe('You have 3 new pieces of feedback.');
  });
});
