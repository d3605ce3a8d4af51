import type { z } from 'zod';
import { appChannels } from './app';
import { assetsChannels, clipsChannels } from './assets';
import type { ChannelSpec } from './channel';
import { commentsChannels } from './comments';
import { comparisonsChannels } from './comparisons';
import { exercisesChannels, stackChannels } from './exercises';
import { mediaChannels } from './media';
import { profilesChannels, rosterChannels } from './profiles';
import { settingsChannels } from './settings';
import { submissionsChannels } from './submissions';
import { syncChannels } from './sync';
import { tagsChannels, votesChannels } from './tags';

/**
 * The whole contract: every channel the renderer may call, in either shell.
 */
export const channels = {
  ...profilesChannels,
  ...rosterChannels,
  ...exercisesChannels,
  ...stackChannels,
  ...submissionsChannels,
  ...commentsChannels,
  ...comparisonsChannels,
  ...tagsChannels,
  ...votesChannels,
  ...assetsChannels,
  ...clipsChannels,
  ...mediaChannels,
  ...settingsChannels,
  ...appChannels,
  ...syncChannels,
} satisfies Record<string, ChannelSpec>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What a caller passes (defaults may be left out). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** Byte channels take `[header, bytes]`; the others their input alone. */
export type ChannelCallInput<C extends ChannelName> = Channels[C] extends { bytes?: true } ? [ChannelInput<C>, Uint8Array] : ChannelInput<C>;
/** What a handler receives, after validation filled in defaults. */
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export { CHANNEL_BYTES, CHANNEL_NAMES, isChannelName } from './names';
