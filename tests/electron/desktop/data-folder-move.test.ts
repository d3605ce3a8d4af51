import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { badInput, CoreError } from '../../../src-main/core/errors';
import {
  CANCEL_MOVE_RESPONSE,
  DATA_SUBFOLDER,
  failedNotice,
  failureReason,
  MOVE_RESPONSE,
  moveDataFolderFlow,
  movedNotice,
  moveQuestion,
  moveRefusal,
  moveTarget,
  type MoveDataFolderDeps,
  type Notice,
} from '../../../src-main/electron/desktop/data-folder-move';
import { defaultDataDir, shellPaths } from '../../../src-main/electron/paths';

const FROM = '/home/kim/.config/Coachframe/profiles';
const PICKED = '/media/kim/Backup/Coachframe';

/** A scripted run of the flow: what it was told, asked and did, in order. */
function world(overrides: Partial<MoveDataFolderDeps> = {}) {
  const steps: string[] = [];
  const told: Notice[] = [];
  const deps: MoveDataFolderDeps = {
    from: FROM,
    runningJobs: () => 0,
    pickFolder: async () => PICKED,
    listFolder: () => [],
    checkTarget: () => {},
    ask: async () => MOVE_RESPONSE,
    tell: async (notice) => void told.push(notice),
    stopUsingData: () => void steps.push('stop'),
    move: async (_from, to, commit) => {
      steps.push(`copy to ${to}`);
      commit(to);
      steps.push('remove old');
      return { oldFolderRemoved: true };
    },
    saveDataDir: (dir) => void steps.push(`save ${dir}`),
    restart: (dataDir) => void steps.push(`restart on ${dataDir}`),
    log: () => {},
    ...overrides,
  };
  return { deps, steps, told };
}

describe('moving the data folder: decisions', () => {
  it('refuses while jobs run, saying how many and what to do', () => {
    expect(moveRefusal(0)).toBeNull();
    expect(moveRefusal(1)?.detail).toMatch(/^1 job is still running.*Wait for them to finish, or cancel them/);
    expect(moveRefusal(3)?.detail).toMatch(/^3 jobs are still running/);
  });

  it('uses a new or empty folder as it is, and makes a subfolder in one that holds other things', () => {
    expect(moveTarget(PICKED, [])).toBe(PICKED);
    expect(moveTarget(PICKED, null)).toBe(PICKED);
    expect(moveTarget('/home/kim/Documents', ['taxes.pdf'])).toBe(join('/home/kim/Documents', DATA_SUBFOLDER));
  });

  it('asks with both folders named, Cancel as the answer to Esc', () => {
    const question = moveQuestion(FROM, PICKED);
    expect(question.message).toBe(`Move your data to ${PICKED}?`);
    expect(question.detail).toContain(FROM);
    expect(question.buttons[MOVE_RESPONSE]).toBe('Move');
    expect(question.buttons[CANCEL_MOVE_RESPONSE]).toBe('Cancel');
    expect(question.cancelId).toBe(CANCEL_MOVE_RESPONSE);
  });

  it('gives a reason a person can act on, never a raw error', () => {
    expect(failureReason(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe('The destination ran out of space.');
    expect(failureReason(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe('Coachframe may not write to that folder.');
    expect(failureReason(new CoreError('conflict', 'Copying a.mp4 gave different bytes; the data folder was not moved.'))).toMatch(/different bytes/);
    expect(failureReason(new TypeError('Cannot read properties of undefined'))).toBe('Something went wrong while moving it.');
    expect(failedNotice(FROM, new Error('x')).detail).toContain(`Your data is still in ${FROM}`);
    expect(movedNotice(FROM, PICKED, false).detail).toContain(`could not be removed from ${FROM}`);
  });

  it('reads the data folder from the settings when a move chose one, else the default', () => {
    const sources = { userData: '/u', appPath: '/app', isPackaged: false, resourcesPath: undefined, mainDir: '/app/out/main' };
    expect(shellPaths(sources).dataDir).toBe(defaultDataDir('/u'));
    expect(shellPaths({ ...sources, chosenDataDir: null }).dataDir).toBe(defaultDataDir('/u'));
    expect(shellPaths({ ...sources, chosenDataDir: PICKED }).dataDir).toBe(PICKED);
    expect(shellPaths({ ...sources, chosenDataDir: 'relative/data' }).dataDir).toBe(defaultDataDir('/u'));
  });
});

describe('moving the data folder: the flow', () => {
  it('closes the core, moves, records the new folder before the old one goes, tells, then restarts', async () => {
    const { deps, steps, told } = world();
    await expect(moveDataFolderFlow(deps)).resolves.toBe('moved');
    expect(steps).toEqual(['stop', `copy to ${PICKED}`, `save ${PICKED}`, 'remove old', `restart on ${PICKED}`]);
    expect(told).toEqual([expect.objectContaining({ type: 'info', message: 'Data folder moved.' })]);
  });

  it('refuses with running jobs before showing a picker, and changes nothing', async () => {
    const pickFolder = vi.fn(async () => PICKED);
    const { deps, steps, told } = world({ runningJobs: () => 2, pickFolder });
    await expect(moveDataFolderFlow(deps)).resolves.toBe('busy');
    expect(pickFolder).not.toHaveBeenCalled();
    expect(told.map((n) => n.message)).toEqual(['The data folder cannot be moved while jobs are running.']);
    expect(steps).toEqual([]);
  });

  it('refuses when a job started while the question was open', async () => {
    let jobs = 0;
    const { deps, steps, told } = world({
      runningJobs: () => jobs,
      ask: async () => {
        jobs = 1;
        return MOVE_RESPONSE;
      },
    });
    await expect(moveDataFolderFlow(deps)).resolves.toBe('busy');
    expect(told).toHaveLength(1);
    expect(steps).toEqual([]);
  });

  it('does nothing when the picker or the question is cancelled', async () => {
    for (const overrides of [{ pickFolder: async () => null }, { ask: async () => CANCEL_MOVE_RESPONSE }]) {
      const { deps, steps, told } = world(overrides);
      await expect(moveDataFolderFlow(deps)).resolves.toBe('cancelled');
      expect(steps).toEqual([]);
      expect(told).toEqual([]);
    }
  });

  it('refuses a destination that cannot take the data while everything still runs: no restart', async () => {
    const { deps, steps, told } = world({
      listFolder: () => ['holiday.jpg'],
      checkTarget: (_from, to) => {
        expect(to).toBe(join(PICKED, DATA_SUBFOLDER));
        throw badInput('Choose an empty folder (or a new one) for the data.');
      },
    });
    await expect(moveDataFolderFlow(deps)).resolves.toBe('refused');
    expect(told).toEqual([{ type: 'warning', message: 'The data cannot be moved there.', detail: 'Choose an empty folder (or a new one) for the data.' }]);
    expect(steps).toEqual([]);
  });

  it('a failure halfway records nothing, says the old folder stays in use, and restarts on it', async () => {
    const log = vi.fn();
    const { deps, steps, told } = world({
      log,
      move: async () => {
        steps.push('copy');
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    await expect(moveDataFolderFlow(deps)).resolves.toBe('failed');
    expect(steps).toEqual(['stop', 'copy', `restart on ${FROM}`]);
    expect(told).toEqual([
      { type: 'error', message: 'The data folder was not moved.', detail: `The destination ran out of space. Your data is still in ${FROM}, and Coachframe goes on using it after it restarts.` },
    ]);
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('old folder stays in use'), expect.any(Error));
  });

  it('restarts even when the message cannot be shown: the core is closed and must not stay so', async () => {
    const { deps, steps } = world({ tell: async () => Promise.reject(new Error('no window')) });
    await expect(moveDataFolderFlow(deps)).rejects.toThrow('no window');
    expect(steps.at(-1)).toBe(`restart on ${PICKED}`);
  });

  it('restarts on the old folder when recording the new one fails', async () => {
    const { deps, steps, told } = world({
      saveDataDir: () => {
        throw new Error('EISDIR: illegal operation on a directory, read');
      },
      move: async (_from, to, commit) => {
        steps.push('copy');
        // As moveDataFolder does: a commit that throws removes the copy and fails the move.
        commit(to);
        return { oldFolderRemoved: true };
      },
    });
    await expect(moveDataFolderFlow(deps)).resolves.toBe('failed');
    expect(steps).toEqual(['stop', 'copy', `restart on ${FROM}`]);
    expect(told[0]?.message).toBe('The data folder was not moved.');
  });

  it('says so when the data moved but some old files stayed behind', async () => {
    const { deps, told } = world({
      move: async (_from, to, commit) => {
        commit(to);
        return { oldFolderRemoved: false };
      },
    });
    await expect(moveDataFolderFlow(deps)).resolves.toBe('moved');
    expect(told[0]).toMatchObject({ type: 'warning', message: 'Data folder moved.' });
  });
});
