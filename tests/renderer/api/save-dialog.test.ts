import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseSavePath, hasSaveDialog } from '../../../src-renderer/api/client';
import { installFakeApi } from '../fake-api';

afterEach(() => vi.unstubAllGlobals());

describe('the system Save dialog, through window.api', () => {
  it('is offered only where the shell has one, and asks for an .mp4 with the proposed path', async () => {
    const { api } = installFakeApi({});
    expect(hasSaveDialog()).toBe(false);
    const choose = vi.fn(async () => '/home/kim/Serve.mp4');
    vi.stubGlobal('window', { api: { ...api, hasSaveDialog: true, chooseSavePath: choose } });
    expect(hasSaveDialog()).toBe(true);
    await expect(chooseSavePath('Export comparison', '/home/kim/exports/Serve.mp4')).resolves.toBe('/home/kim/Serve.mp4');
    expect(choose).toHaveBeenCalledWith({ title: 'Export comparison', defaultPath: '/home/kim/exports/Serve.mp4', kind: 'mp4' });
  });

  it('answers null when the person cancels or the bridge fails, so the typed path stays', async () => {
    const { api } = installFakeApi({});
    vi.stubGlobal('window', { api: { ...api, hasSaveDialog: true, chooseSavePath: async () => null } });
    await expect(chooseSavePath('Export comparison', '/a.mp4')).resolves.toBeNull();
    vi.stubGlobal('window', { api: { ...api, hasSaveDialog: true, chooseSavePath: () => Promise.reject(new Error('window closed')) } });
    await expect(chooseSavePath('Export comparison', '/a.mp4')).resolves.toBeNull();
  });
});
