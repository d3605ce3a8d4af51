import type { z } from 'zod';

/**
 * One channel of the contract: its zod input and output. `bytes` marks channels whose payload is raw
 * bytes (a recording's chunk, a file dropped into the web host): Electron passes a Uint8Array, the web
 * host an application/octet-stream body, and `input` then describes the small JSON header sent beside it.
 */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, B extends boolean = boolean> {
  input: I;
  output: O;
  bytes?: B;
  /** Channels that work before a profile is open (profile management itself). */
  noProfile?: boolean;
}

export const channel = <I extends z.ZodType, O extends z.ZodType, B extends boolean = false>(spec: ChannelSpec<I, O, B>): ChannelSpec<I, O, B> =>
  spec;
