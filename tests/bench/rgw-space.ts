/**
 * The local RADOS Gateway (../shared/s3/rgw-start) keeps its data on one 20 GiB OSD, shared with every
 * test run on the machine, and frees the space of deleted objects only when its garbage collector
 * gets to them (rgw_gc_obj_min_wait: 2 hours). A benchmark that writes and deletes gigabytes fills it
 * within minutes — and a full OSD blocks every write of every user of RGW, without an error, until
 * space comes back. So the sync benchmarks check the free space before they write, and reclaim what
 * they deleted after every run. Both need the Ceph command-line tools of the machine RGW runs on (root);
 * without them they warn once and do nothing.
 */
import { execFileSync } from 'node:child_process';

let warned = false;
const warn = (what: string, error: unknown) => {
  if (warned) return;
  warned = true;
  console.warn(`(rgw-space: ${what} failed: ${(error as Error).message.split('\n')[0]}; RGW's deleted objects stay until its GC runs)`);
};

/** Frees the space of deleted objects now (`radosgw-admin gc process --include-all`); best-effort. */
export function reclaimRgwSpace(): void {
  try {
    execFileSync('radosgw-admin', ['gc', 'process', '--include-all'], { stdio: 'ignore', timeout: 300_000 });
  } catch (error) {
    warn('radosgw-admin gc process', error);
  }
}

/** Throws when RGW's cluster has less than `bytes` free (after reclaiming what it can). */
export function requireRgwSpace(bytes: number): void {
  reclaimRgwSpace();
  let avail: number;
  try {
    const df = JSON.parse(execFileSync('ceph', ['df', '--format', 'json'], { encoding: 'utf8', timeout: 30_000 })) as { stats: { total_avail_bytes: number } };
    avail = df.stats.total_avail_bytes;
  } catch (error) {
    warn('ceph df', error);
    return;
  }
  if (avail < bytes) {
    throw new Error(`RGW has ${(avail / 2 ** 30).toFixed(1)} GiB free, this benchmark needs ${(bytes / 2 ** 30).toFixed(1)} GiB: it would fill the OSD and block every RGW user.`);
  }
}
