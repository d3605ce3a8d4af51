import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api } from '../../src-shared/api';
import { isChannelName } from '../../src-shared/contract/names';
import { EVENT_NAMES, type EventName } from '../../src-shared/contract/events';
import { fail } from '../../src-shared/result';
import { mediaUrl } from './app-origin';
import { EVENT_CHANNEL, IPC_PREFIX, SAVE_DIALOG_CHANNEL } from './ipc-names';

/**
 * The preload of the product window. It runs sandboxed, so it is bundled and requires nothing but
 * 'electron'. It exposes `window.api` and nothing else: no ipcRenderer, no generic send, no Electron
 * event object. Main checks every call again (origin and input); this side only refuses what is not in
 * the contract, so a typo fails loudly in the renderer instead of as a missing handler.
 */

type Listener = (payload: unknown) => void;

/** Listeners per event, behind one ipcRenderer listener installed on first use. */
const listeners = new Map<EventName, Set<Listener>>();
let relayInstalled = false;

const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  const set = listeners.get(name as EventName);
  if (!set) return;
  for (const listener of [...set]) listener(payload);
};

const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);

const api: Api = {
  invoke(channel, input) {
    if (typeof channel !== 'string' || !isChannelName(channel)) {
      return Promise.resolve(fail('bad-input', `There is no channel named "${String(channel)}".`));
    }
    return ipcRenderer.invoke(IPC_PREFIX + channel, input);
  },

  on(event, listener) {
    if (!isEventName(event)) throw new TypeError(`There is no event named "${String(event)}".`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    if (!relayInstalled) {
      ipcRenderer.on(EVENT_CHANNEL, relay);
      relayInstalled = true;
    }
    // Wrapped, so subscribing the same function twice gives two independent subscriptions.
    const entry: Listener = (payload) => listener(payload as Parameters<typeof listener>[0]);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },

  mediaUrl(assetId, kind) {
    return mediaUrl(assetId, kind);
  },

  // Since Electron 32 a dropped or picked File no longer carries its path; webUtils reads it here.
  filePath(file) {
    try {
      return webUtils.getPathForFile(file as File) || null;
    } catch {
      return null;
    }
  },

  hasSaveDialog: true,

  async chooseSavePath(request) {
    const path: unknown = await ipcRenderer.invoke(SAVE_DIALOG_CHANNEL, request);
    return typeof path === 'string' && path !== '' ? path : null;
  },
};

contextBridge.exposeInMainWorld('api', api);
