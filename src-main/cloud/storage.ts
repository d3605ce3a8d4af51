import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { SignedRequest } from '../../src-shared/cloud';

export interface S3Options {
  endpoint: string;
  /** The address put into signed URLs when clients reach storage by another name (a proxy, a CDN). */
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** What one signed PUT must carry; each is signed, so storage refuses bytes that do not match. */
export interface PartIntegrity {
  size: number;
  /** base64 */
  md5: string;
  /** base64 */
  sha256: string;
}

export interface StoredPart {
  number: number;
  etag: string;
  size: number;
}

const client = (options: S3Options, endpoint: string) =>
  new S3Client({
    endpoint,
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Path-style for S3-compatible servers; checksums only when an operation requires them: the SDK's
    // default aws-chunked bodies are stored framing-and-all by s3rver and refused by RGW.
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A storage that stops answering (a full disk makes RGW hang writes) fails the call instead of
    // holding it forever; the timeout is of silence on the socket, so long reads still finish.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });

/**
 * Content-MD5 is the check every S3 we meet enforces (RGW ignores x-amz-checksum-*); both are signed
 * and left as headers (x-amz-* would otherwise be hoisted into the query string, where S3 does not
 * compare them with the body).
 */
const SIGNED_HEADERS = new Set(['content-md5', 'x-amz-checksum-sha256', 'content-length']);
const UNHOISTABLE = new Set(['x-amz-checksum-sha256']);

const isGone = (error: unknown) => {
  const name = (error as { name?: string }).name;
  // AWS says NoSuchUpload; RGW says NoSuchKey after an abort.
  return name === 'NoSuchUpload' || name === 'NoSuchKey' || name === 'NotFound';
};

/** The bucket, through the cloud's own client, and signed requests through the public address. */
export class Storage {
  private readonly s3: S3Client;
  private readonly signer: S3Client;
  readonly bucket: string;

  private constructor(options: S3Options) {
    this.s3 = client(options, options.endpoint);
    this.signer = options.publicEndpoint ? client(options, options.publicEndpoint) : this.s3;
    this.bucket = options.bucket;
  }

  static async open(options: S3Options): Promise<Storage> {
    const storage = new Storage(options);
    await storage.ensureBucket();
    return storage;
  }

  private async ensureBucket(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw error;
      try {
        await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
      } catch (create) {
        const name = (create as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw create;
      }
    }
  }

  private presignOptions(expiresIn: number, now: number) {
    return { expiresIn, signingDate: new Date(now), signableHeaders: SIGNED_HEADERS, unhoistableHeaders: UNHOISTABLE };
  }

  private static integrityHeaders(part: PartIntegrity): Record<string, string> {
    return { 'content-length': String(part.size), 'content-md5': part.md5, 'x-amz-checksum-sha256': part.sha256 };
  }

  async presignPut(key: string, mime: string, part: PartIntegrity, expiresIn: number, now: number): Promise<SignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentLength: part.size,
      ContentMD5: part.md5,
      ChecksumSHA256: part.sha256,
      ContentType: mime,
    });
    const url = await getSignedUrl(this.signer, command, this.presignOptions(expiresIn, now));
    return { method: 'PUT', url, headers: { ...Storage.integrityHeaders(part), 'content-type': mime } };
  }

  async createMultipart(key: string, mime: string): Promise<string> {
    const out = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: mime, ChecksumAlgorithm: 'SHA256' }));
    if (!out.UploadId) throw new Error('storage answered CreateMultipartUpload without an upload id');
    return out.UploadId;
  }

  async presignPart(key: string, uploadId: string, number: number, part: PartIntegrity, expiresIn: number, now: number): Promise<SignedRequest> {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: number,
      ContentLength: part.size,
      ContentMD5: part.md5,
      ChecksumSHA256: part.sha256,
    });
    const url = await getSignedUrl(this.signer, command, this.presignOptions(expiresIn, now));
    return { method: 'PUT', url, headers: Storage.integrityHeaders(part) };
  }

  /**
   * The parts storage holds for an upload, null when the upload is gone (completed, aborted, expired),
   * or 'unsupported' when the server cannot list them (s3rver 3.7.1 answers MethodNotAllowed).
   */
  async listParts(key: string, uploadId: string): Promise<StoredPart[] | null | 'unsupported'> {
    const parts: StoredPart[] = [];
    let marker: string | undefined;
    try {
      for (;;) {
        const out = await this.s3.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
        for (const p of out.Parts ?? []) {
          if (p.PartNumber !== undefined && p.ETag !== undefined && p.Size !== undefined) parts.push({ number: p.PartNumber, etag: p.ETag, size: p.Size });
        }
        if (!out.IsTruncated || !out.NextPartNumberMarker) break;
        marker = out.NextPartNumberMarker;
      }
    } catch (error) {
      if (isGone(error)) return null;
      const name = (error as { name?: string }).name;
      if (name === 'MethodNotAllowed' || name === 'NotImplemented') return 'unsupported';
      throw error;
    }
    return parts;
  }

  /** Completes an upload. RGW answers with an empty ETag, so nothing here relies on the answer. */
  async completeMultipart(key: string, uploadId: string, parts: { number: number; etag: string; sha256: string }[]): Promise<void> {
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.number, ETag: p.etag, ChecksumSHA256: p.sha256 })) },
      }),
    );
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  /**
   * Reads the stored object back and hashes it: the only proof of what storage holds (ETags are MD5s
   * or opaque, and RGW stores a wrong x-amz-checksum-sha256 without a word). Null when there is none.
   */
  async readBack(key: string): Promise<{ sha256: string; size: number } | null> {
    let body: Readable;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = out.Body as Readable;
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { sha256: hash.digest('hex'), size };
  }

  async deleteObject(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async presignGet(key: string, expiresIn: number, now: number): Promise<SignedRequest> {
    const url = await getSignedUrl(this.signer, new GetObjectCommand({ Bucket: this.bucket, Key: key }), this.presignOptions(expiresIn, now));
    return { method: 'GET', url, headers: {} };
  }

  close(): void {
    this.s3.destroy();
    if (this.signer !== this.s3) this.signer.destroy();
  }
}
