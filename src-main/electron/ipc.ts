import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../src-shared/contract';
import type { ChannelSpec } from '../../src-shared/contract/channel';
import type { Events } from '../../src-shared/contract/events';
import { fail, type Result } from '../../src-shared/result';
import type { CoreApi } from '../core/ports';
import { isAppUrl } from './app-origin';
import { z } from 'zod';
import type { SaveDialogRequest } from '../../src-shared/api';
import { EVENT_CHANNEL, IPC_PREFIX, SAVE_DIALOG_CHANNEL } from './ipc-names';

/** A Save dialog request as the renderer may send it (src-shared/api.ts); anything else shows no dialog. */
const SaveDialogRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    defaultPath: z.string().max(4096),
    kind: z.literal('mp4'),
  })
  .strict() satisfies z.ZodType<SaveDialogRequest>;

/**
 * The Electron side of the contract: one ipcMain handler per contract channel, all built by `handle()`,
 * and nothing else. The shell only checks who is calling and unpacks bytes; validation, the handler and
 * the error envelope are the core's `dispatch`, the same one the web host calls.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<CoreApi, 'dispatch'>,
  shell: ShellDialogs | null = null,
): () => void {
  for (const name of CHANNEL_NAMES) ipcMain.handle(IPC_PREFIX + name, handle(core, name));
  ipcMain.handle(SAVE_DIALOG_CHANNEL, async (event, payload: unknown): Promise<string | null> => {
    // Our own documents only, and only a request of the right shape: anything else shows no dialog.
    if (!shell || !isTrustedSender(event)) return null;
    const request = SaveDialogRequestSchema.safeParse(payload);
    if (!request.success) return null;
    return shell.chooseSavePath(event.sender, request.data);
  });
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(IPC_PREFIX + name);
    ipcMain.removeHandler(SAVE_DIALOG_CHANNEL);
  };
}

/** What the window asks of the shell itself, beside the core's channels. */
export interface ShellDialogs {
  chooseSavePath(sender: WebContents, request: SaveDialogRequest): Promise<string | null>;
}

/** The one handler shape every channel goes through. */
function handle(core: Pick<CoreApi, 'dispatch'>, name: ChannelName) {
  const spec: ChannelSpec = channels[name];
  return async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return fail('forbidden', 'This window is not allowed to talk to Coachframe.');
    }

    let input = payload;
    let bytes: Uint8Array | undefined;
    if (spec.bytes) {
      // Byte channels arrive as [header, bytes]: the structured clone keeps the bytes out of JSON.
      const parts = splitBytesPayload(payload);
      if (!parts) return fail('bad-input', 'This request needs its data sent as bytes.');
      [input, bytes] = parts;
    }

    try {
      return await core.dispatch(name, input, { shell: 'electron' }, bytes);
    } catch (error) {
      // dispatch promises never to throw; if it does anyway, the renderer still gets an envelope, not a stack.
      console.error(`[ipc] ${name} threw`, error);
      return fail('internal', 'Something went wrong. Please try again.');
    }
  };
}

/**
 * Only documents of our own origin may call. `senderFrame` is null when the frame has navigated away or
 * been destroyed since it sent the message, and reading a disposed frame's URL throws: both are refused.
 */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  try {
    return event.senderFrame !== null && isAppUrl(event.senderFrame.url);
  } catch {
    return false;
  }
}

function splitBytesPayload(payload: unknown): [unknown, Uint8Array] | null {
  if (!Array.isArray(payload) || payload.length !== 2) return null;
  const [header, data] = payload as [unknown, unknown];
  if (!ArrayBuffer.isView(data)) return null;
  return [header, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
}

/** Pushes every core event to every window, on `cf:event` as `(eventName, payload)`. Returns the unsubscribe. */
/** Asks a window to show one of its screens (the menu's Settings…), through the event channel. */
export function showScreen(contents: WebContents, what: Events['app.show']): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, 'app.show', what);
}

export function forwardEvents(core: Pick<CoreApi, 'onEvent'>, targets: () => WebContents[]): () => void {
  return core.onEvent((event, payload) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
    }
  });
}
