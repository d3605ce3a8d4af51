export { Core, createCore, type CoreOptions } from './core';
export type { CoreApi, Settings, SecretStore, AppSettings, ProfileSettings, MediaFile, CallerInfo } from './ports';
export { DEFAULT_APP_SETTINGS, DEFAULT_PROFILE_SETTINGS } from './ports';
export type { RemoteRecord, ApplyResult } from './sync/apply-remote';
