import { isAbsolute, join } from 'node:path';

export interface ShellPaths {
  /** Where the core keeps its profiles (one folder each, database and media). */
  dataDir: string;
  /** The numbered SQL files. */
  migrationsDir: string;
  /** The built renderer the `app:` protocol serves. */
  rendererDir: string;
  /** The bundled, sandbox-safe preload. */
  preloadPath: string;
}

export interface PathSources {
  userData: string;
  appPath: string;
  isPackaged: boolean;
  /** process.resourcesPath: the app's Resources folder, where electron-builder's extraResources land. */
  resourcesPath: string | undefined;
  /** The folder of the running main bundle (out/main), inside app.asar when packaged. */
  mainDir: string;
  /** The data folder chosen by File → Move Data Folder… (the shell's settings), if any. */
  chosenDataDir?: string | null;
}

/** The data folder when none was chosen: `profiles` in the user-data folder. */
export const defaultDataDir = (userData: string): string => join(userData, 'profiles');

/**
 * Where everything is, packaged or not. The renderer and preload sit beside the main bundle in out/
 * (inside app.asar when packaged; Electron's fs reads from it). Migrations are copied next to the asar
 * by extraResources when packaged, and read from the project folder in development.
 */
export function shellPaths(sources: PathSources): ShellPaths {
  const { userData, appPath, isPackaged, resourcesPath, mainDir, chosenDataDir } = sources;
  if (isPackaged && !resourcesPath) throw new Error('process.resourcesPath is not set in a packaged app');
  return {
    dataDir: chosenDataDir && isAbsolute(chosenDataDir) ? chosenDataDir : defaultDataDir(userData),
    migrationsDir: isPackaged && resourcesPath ? join(resourcesPath, 'migrations') : join(appPath, 'migrations'),
    rendererDir: join(mainDir, '..', 'renderer'),
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
  };
}
