import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../../../src-shared/contract';
import type { Session } from '../store';

type Awaitable<T> = T | Promise<T>;

/** A domain's handlers for profile-bound channels: validated input, the session (and a byte channel's bytes) in, output out. */
export type DomainHandlers<K extends ChannelName> = {
  [C in K]: (input: ChannelParsedInput<C>, session: Session, bytes?: Uint8Array) => Awaitable<ChannelOutput<C>>;
};

/** A LIKE pattern matching `text` anywhere, with the wildcard characters escaped. */
export const containsPattern = (text: string | undefined): string | null => (text ? `%${escapeLike(text)}%` : null);

/** A LIKE pattern matching what starts with `text`. */
export const prefixPattern = (text: string | undefined): string | null => (text ? `${escapeLike(text)}%` : null);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
