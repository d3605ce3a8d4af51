/**
 * `npm run dev:cloud -- [--port N] [--data-dir DIR]`: the reference cloud for development. Bytes go to
 * an embedded s3rver under the data folder, unless S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY and
 * S3_BUCKET (and optionally S3_REGION, S3_PUBLIC_ENDPOINT) name a real S3.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startS3rver, type LocalS3 } from './s3rver';
import { startCloud } from './server';
import type { S3Options } from './storage';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5191' },
    'data-dir': { type: 'string', default: join('.data', 'cloud') },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not “${values.port}”.`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);

const env = process.env;
let local: LocalS3 | null = null;
let s3: S3Options;
if (env['S3_ENDPOINT'] && env['S3_ACCESS_KEY'] && env['S3_SECRET_KEY'] && env['S3_BUCKET']) {
  s3 = {
    endpoint: env['S3_ENDPOINT'],
    publicEndpoint: env['S3_PUBLIC_ENDPOINT'] || undefined,
    region: env['S3_REGION'] || 'us-east-1',
    bucket: env['S3_BUCKET'],
    accessKeyId: env['S3_ACCESS_KEY'],
    secretAccessKey: env['S3_SECRET_KEY'],
  };
} else {
  local = await startS3rver(join(dataDir, 's3'));
  s3 = { endpoint: local.endpoint, region: 'us-east-1', bucket: 'coachframe', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
}

const cloud = await startCloud({ dataDir, port, s3, log: (line) => console.error(line) });
console.log(`
Coachframe reference cloud (a developer tool) — data in ${dataDir}
Storage: ${local ? `embedded s3rver at ${local.endpoint}` : s3.endpoint} (bucket ${s3.bucket})

  API: ${cloud.url}/api
`);

const stop = () => {
  void cloud
    .close()
    .then(() => local?.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
