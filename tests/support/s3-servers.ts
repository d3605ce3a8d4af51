// The S3 servers the integration tests run against: s3rver in-process (an emulator, always there) and
// Ceph's RADOS Gateway (a real S3 implementation, started by `npm test` through ../shared/s3/rgw-start
// and found through RGW_ENDPOINT). Sync tests run once per server:
//   describe.each(s3Servers())('sync against $name', ({ start }) => { … })
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface StartedS3 {
  /** e.g. `http://127.0.0.1:7480`; path-style addressing. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A bucket name no other start() returned. It does not exist yet: the code under test creates it. */
  bucket: string;
  /** Stops the server (s3rver), or deletes the bucket and what is in it, best-effort (RGW). */
  close(): Promise<void>;
}

export interface S3Server {
  name: 's3rver' | 'rgw';
  start(): Promise<StartedS3>;
}

const REGION = 'us-east-1';

/** A fresh DNS-style bucket name: lower case, unique per call. */
export function uniqueBucketName(prefix = 'cf-test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`;
}

/**
 * AWS SDK v3 options that work with both servers: path-style, and checksums only where an operation
 * requires them (otherwise s3rver stores the aws-chunked framing inside the object and RGW refuses
 * streamed bodies with 411; see ../shared/TOOLCHAIN.md).
 */
export function s3ClientConfig(s3: Pick<StartedS3, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>): S3ClientConfig {
  return {
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

const s3rverServer: S3Server = {
  name: 's3rver',
  async start() {
    const directory = await mkdtemp(join(tmpdir(), 'coachframe-s3rver-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [] });
    try {
      const { port } = await server.run();
      return {
        endpoint: `http://127.0.0.1:${port}`,
        region: REGION,
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        bucket: uniqueBucketName(),
        async close() {
          await server.close().catch(() => undefined);
          await rm(directory, { recursive: true, force: true });
        },
      };
    } catch (err) {
      await rm(directory, { recursive: true, force: true });
      throw err;
    }
  },
};

function rgwServer(endpoint: string, env: NodeJS.ProcessEnv): S3Server {
  const accessKeyId = env.RGW_ACCESS_KEY || 'TESTKEY';
  const secretAccessKey = env.RGW_SECRET_KEY || 'TESTSECRET';
  return {
    name: 'rgw',
    async start() {
      try {
        await fetch(endpoint, { signal: AbortSignal.timeout(5000) });
      } catch (err) {
        throw new Error(
          `RGW_ENDPOINT=${endpoint} does not answer (${(err as Error).message}). Start it with ../shared/s3/rgw-start (as root), or unset RGW_ENDPOINT outside CI.`,
        );
      }
      const bucket = uniqueBucketName();
      return {
        endpoint,
        region: REGION,
        accessKeyId,
        secretAccessKey,
        bucket,
        // RGW is shared and keeps running: remove only what this start handed out.
        close: () => deleteBucket(s3ClientConfig({ endpoint, region: REGION, accessKeyId, secretAccessKey }), bucket),
      };
    },
  };
}

/** Deletes a bucket with its objects and unfinished multipart uploads; never throws. */
async function deleteBucket(config: S3ClientConfig, bucket: string): Promise<void> {
  const client = new S3Client({ ...config, maxAttempts: 2 });
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key !== undefined) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const u of uploads.Uploads ?? []) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId })).catch(() => undefined);
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch {
    // Best-effort: the bucket may never have been created, and leftovers do not harm other tests.
  } finally {
    client.destroy();
  }
}

/**
 * The servers to run S3 tests against: s3rver always, RGW when RGW_ENDPOINT is set. Under CI RGW is
 * required (nothing may be skipped there), so a missing RGW_ENDPOINT is an error, not a quiet s3rver-only run.
 */
export function s3Servers(env: NodeJS.ProcessEnv = process.env): S3Server[] {
  const endpoint = env.RGW_ENDPOINT?.replace(/\/+$/, '');
  if (endpoint) return [s3rverServer, rgwServer(endpoint, env)];
  if (env.CI === 'true') {
    throw new Error(
      'CI=true but RGW_ENDPOINT is not set: the sync tests must also run against Ceph RGW. Run them through `npm test`, which starts ../shared/s3/rgw-start (as root), or start it yourself and set RGW_ENDPOINT=http://127.0.0.1:7480 (RGW_ACCESS_KEY/RGW_SECRET_KEY default to TESTKEY/TESTSECRET).',
    );
  }
  return [s3rverServer];
}
