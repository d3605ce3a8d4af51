import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

/** Packaging cannot run here (no Electron download), so the config's invariants are checked as data. */
const root = resolve(import.meta.dirname, '../..');
interface BuilderConfig {
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  files: string[];
  fileAssociations: { ext: string }[];
  mac: { hardenedRuntime: boolean; entitlements: string; target: string[]; extendInfo: Record<string, string>; files: string[] };
  win: { target: unknown; files: string[] };
  linux: { target: string[]; files: string[] };
}
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string>; main: string };

/** Runtime dependencies that carry native code or executables. */
const nativeOrBinary = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((name) => {
  const dir = join(root, 'node_modules', name);
  try {
    const files = readdirSync(dir, { recursive: true }) as string[];
    return files.some((f) => f.endsWith('.node') || f.endsWith('binding.gyp')) || /ffmpeg|ffprobe/.test(name);
  } catch {
    return /ffmpeg|ffprobe/.test(name); // an optional package that did not install here (ffmpeg-static)
  }
});

describe('electron-builder.yml', () => {
  it('unpacks every native module and the ffmpeg/ffprobe binaries from the asar', () => {
    expect(nativeOrBinary).toEqual(expect.arrayContaining(['better-sqlite3', 'ffmpeg-static', 'ffprobe-static']));
    for (const name of nativeOrBinary) expect(config.asarUnpack, name).toContain(`node_modules/${name}/**`);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('ships only the target platform’s ffprobe binary (ffprobe-static carries all three)', () => {
    const platforms = { mac: 'darwin', win: 'win32', linux: 'linux' } as const;
    for (const [target, own] of Object.entries(platforms)) {
      const excluded = config[target as keyof typeof platforms].files.join(' ');
      for (const other of Object.values(platforms).filter((p) => p !== own)) expect(excluded, `${target} excludes ${other}`).toMatch(new RegExp(`ffprobe-static/bin/\\{[^}]*${other}`));
      expect(excluded, `${target} keeps its own`).not.toMatch(new RegExp(`ffprobe-static/bin/\\{[^}]*${own}`));
    }
  });

  it('ships the migrations beside the app and the built output', () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'migrations', to: 'migrations' }));
    expect(config.files).toContain('out/**');
    expect(pkg.main.startsWith('out/')).toBe(true);
  });

  it('has the macOS camera and microphone usage strings, entitlements and the hardened runtime', () => {
    const mac = config.mac;
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.extendInfo.NSCameraUsageDescription).toMatch(/\w{10,}/);
    expect(mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/\w{10,}/);
    const entitlements = readFileSync(join(root, mac.entitlements), 'utf8');
    expect(entitlements).toContain('com.apple.security.device.camera');
    expect(entitlements).toContain('com.apple.security.device.audio-input');
  });

  it('associates the video types the app opens, and targets the three platforms', () => {
    expect(config.fileAssociations.map((a) => a.ext).sort()).toEqual(['m4v', 'mov', 'mp4', 'webm']);
    expect(config.mac.target).toEqual(expect.arrayContaining(['dmg', 'zip']));
    expect(JSON.stringify(config.win.target)).toContain('nsis');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });
});
