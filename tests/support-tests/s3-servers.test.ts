import { createHash, randomBytes } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startFaultProxy } from '../support/fault-proxy';
import { s3ClientConfig, s3Servers } from '../support/s3-servers';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('s3Servers()', () => {
  it('refuses to quietly drop RGW under CI', () => {
    expect(() => s3Servers({ CI: 'true' })).toThrow(/RGW_ENDPOINT/);
    expect(s3Servers({}).map((s) => s.name)).toEqual(['s3rver']);
    expect(s3Servers({ CI: 'true', RGW_ENDPOINT: 'http://127.0.0.1:7480' }).map((s) => s.name)).toEqual(['s3rver', 'rgw']);
  });
});

describe.each(s3Servers())('$name', ({ start }) => {
  it('stores an object and gives it back byte for byte, directly and through the fault proxy', async () => {
    const s3 = await start();
    const client = new S3Client(s3ClientConfig(s3));
    const url = new URL(s3.endpoint);
    const proxy = await startFaultProxy({ target: { host: url.hostname, port: Number(url.port) } });
    const viaProxy = new S3Client({ ...s3ClientConfig({ ...s3, endpoint: proxy.url }), maxAttempts: 1 });
    try {
      await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
      const body = randomBytes(3 * 1024 * 1024 + 5);
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'a/direct.bin', Body: body, ContentLength: body.length }));
      const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'a/direct.bin' }));
      expect(sha(await got.Body!.transformToByteArray())).toBe(sha(body));

      // Signed requests pass the proxy unchanged, and its faults reach the SDK.
      await viaProxy.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'a/proxied.bin', Body: body, ContentLength: body.length }));
      const back = await viaProxy.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'a/proxied.bin' }));
      expect(sha(await back.Body!.transformToByteArray())).toBe(sha(body));
      proxy.setFaults([{ method: 'GET', fault: { kind: 'flip', offset: 1000 } }]);
      const flipped = await viaProxy.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'a/proxied.bin' }));
      const bytes = await flipped.Body!.transformToByteArray();
      expect(bytes.length).toBe(body.length);
      expect(bytes[1000]).toBe(body[1000]! ^ 0xff);
      proxy.setFaults([{ method: 'HEAD', fault: { kind: 'status', status: 503 } }]);
      await expect(viaProxy.send(new HeadBucketCommand({ Bucket: s3.bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    } finally {
      viaProxy.destroy();
      client.destroy();
      await proxy.close();
      await s3.close();
    }
  });
});
