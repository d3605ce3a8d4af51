/**
 * IPC channel names on the wire between preload and main. Every contract channel `domain.verb` travels
 * as `cf:domain.verb`; push events all travel on one channel, `cf:event`, as `(eventName, payload)`.
 * The prefix keeps our handlers apart from anything a library registers on ipcMain.
 */
export const IPC_PREFIX = 'cf:';
export const EVENT_CHANNEL = 'cf:event';
/** The shell's own Save dialog (no core channel: the core never shows UI). */
export const SAVE_DIALOG_CHANNEL = 'cf:shell.chooseSavePath';
