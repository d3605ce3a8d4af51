// s3rver has no types: its declaration is a global .d.ts, which test tsconfigs only see through this reference.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver-module.d.ts" />
import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  close(): Promise<void>;
}

/** The embedded S3 (s3rver 3.7.1, credentials S3RVER/S3RVER) for development and tests. */
export async function startS3rver(directory: string, port = 0): Promise<LocalS3> {
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [] });
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
