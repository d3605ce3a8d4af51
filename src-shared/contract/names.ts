import type { ChannelName, Channels } from './index';

/**
 * Every channel's name, and whether it carries bytes: all that the shells' bridges (the Electron
 * preload, the web host's `web-api.js`) need of the contract. Kept apart from the schemas so that the
 * bridges load no zod: building the contract's schemas costs a window ~30 ms at every load, before
 * the app can ask for anything. The type makes this list the contract's own: a channel left out, one
 * that does not exist, or a wrong bytes flag does not compile.
 */
export const CHANNEL_BYTES: { readonly [C in ChannelName]: Channels[C] extends { bytes?: true } ? true : false } = {
  'profiles.list': false,
  'profiles.create': false,
  'profiles.switch': false,
  'profiles.current': false,
  'profiles.export': false,
  'profiles.import': false,
  'roster.list': false,

  'exercises.list': false,
  'exercises.get': false,
  'exercises.create': false,
  'exercises.update': false,
  'exercises.delete': false,

  'stack.list': false,

  'submissions.list': false,
  'submissions.create': false,
  'submissions.resubmit': false,
  'submissions.setStatus': false,
  'submissions.delete': false,

  'comments.list': false,
  'comments.create': false,
  'comments.update': false,
  'comments.delete': false,
  'comments.markRead': false,

  'comparisons.list': false,
  'comparisons.create': false,
  'comparisons.finish': false,
  'comparisons.align': false,
  'comparisons.export': false,
  'comparisons.exportPath': false,

  'tags.list': false,
  'tags.create': false,
  'tags.attach': false,
  'tags.detach': false,
  'votes.cast': false,
  'votes.clear': false,

  'assets.list': false,
  'assets.get': false,
  'assets.delete': false,
  'assets.deletePreview': false,
  'clips.list': false,
  'assets.import': false,
  'assets.importBytes': true,
  'assets.validate': false,
  'assets.reprocess': false,
  'clips.create': false,
  'jobs.list': false,
  'jobs.cancel': false,

  'recordings.start': false,
  'recordings.append': true,
  'recordings.finish': false,
  'recordings.cancel': false,
  'recordings.listRecoverable': false,
  'recordings.recover': false,
  'recordings.discard': false,

  'settings.get': false,
  'settings.set': false,

  'app.diagnostics': false,

  'sync.status': false,
  'sync.register': false,
  'sync.signIn': false,
  'sync.signInNewProfile': false,
  'sync.signOut': false,
  'sync.now': false,
  'sync.pause': false,
  'sync.resume': false,
  'sync.createInvite': false,
  'sync.joinRoster': false,
  'sync.offload': false,
  'sync.download': false,
};

export const CHANNEL_NAMES = Object.keys(CHANNEL_BYTES) as ChannelName[];

export const isChannelName = (name: string): name is ChannelName => Object.hasOwn(CHANNEL_BYTES, name);
