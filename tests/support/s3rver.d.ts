// The part of s3rver 3.7 (an untyped CommonJS package) that the tests use.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Listens; resolves with the bound address (so `port: 0` picks a free port). */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    reset(): void;
  }
}
