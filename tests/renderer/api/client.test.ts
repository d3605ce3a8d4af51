import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, errorMessage } from '../../../src-renderer/api/client';
import { installFakeApi, Refusal } from '../fake-api';

afterEach(() => vi.unstubAllGlobals());

describe('call', () => {
  it('returns the output of a channel that succeeded', async () => {
    installFakeApi({ 'tags.list': () => [{ id: 'x', name: 'serve', createdAt: '2025-01-01T00:00:00.000Z', usage: 2 }] });
    await expect(call('tags.list', {})).resolves.toEqual([expect.objectContaining({ name: 'serve' })]);
  });

  it('throws an ApiError carrying the code, the words for people and the field issues', async () => {
    installFakeApi({
      'exercises.create': () => {
        throw new Refusal({ code: 'bad-input', message: 'Name must not be empty.', issues: [{ path: 'name', message: 'must not be empty' }] });
      },
    });
    const error = await call('exercises.create', { name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad-input', message: 'Name must not be empty.', issues: [{ path: 'name' }] });
    expect(errorMessage(error)).toBe('Name must not be empty.');
  });

  it('turns a broken bridge into a calm "unavailable", never a stack trace', async () => {
    const { api } = installFakeApi({});
    api.invoke = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof api.invoke;
    const error = await call('profiles.list', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable' });
    expect(errorMessage(error)).not.toMatch(/fetch|TypeError/);
  });

  it('describes an unexpected error without its internals', () => {
    expect(errorMessage(new Error('SQLITE_BUSY at Statement.run'))).toBe('Something went wrong. Try again.');
  });
});
