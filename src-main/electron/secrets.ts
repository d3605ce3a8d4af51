import type { SafeStorage } from 'electron';
import Store from 'electron-store';
import { CoreError } from '../core/errors';
import type { SecretStore } from '../core/ports';

/**
 * Secrets (cloud tokens) encrypted with Electron's safeStorage — the macOS Keychain, Windows DPAPI or
 * the Linux Secret Service/KWallet — and kept as base64 in `secrets.json` under the `secrets` key. A
 * file apart from the settings, so a settings reset or a shared settings file never carries tokens.
 *
 * When the OS offers no real encryption, `set` refuses instead of writing something readable: on Linux
 * without a keyring safeStorage falls back to `basic_text`, a key hard-coded in Chromium, which is
 * plain text in all but name.
 */
interface SecretsFile {
  secrets: Record<string, string>;
}

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export interface SafeStorageSecretsOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** Folder of the file; defaults to the user-data folder. Tests point it at a temp folder. */
  cwd?: string;
}

/** Keys are chosen by the core (e.g. `cloud-token:<profileId>`); nothing odd becomes a property name. */
const SECRET_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export function createSafeStorageSecrets({ safeStorage, platform, cwd }: SafeStorageSecretsOptions): SecretStore {
  const store = new Store<SecretsFile>({
    name: 'secrets',
    ...(cwd ? { cwd } : {}),
    schema: { secrets: { type: 'object', additionalProperties: { type: 'string' } } },
    defaults: { secrets: {} },
    accessPropertiesByDotNotation: false,
    // An unreadable file loses the tokens (the user signs in again) but never blocks the app.
    clearInvalidConfig: true,
  });

  const canEncrypt = (): boolean =>
    safeStorage.isEncryptionAvailable() &&
    !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text');

  const read = (key: string): string | undefined => {
    checkKey(key);
    const secrets = store.get('secrets');
    return Object.hasOwn(secrets, key) ? secrets[key] : undefined;
  };

  return {
    protection: 'os-keychain',

    async get(key) {
      const stored = read(key);
      if (stored === undefined) return null;
      try {
        return safeStorage.decryptString(Buffer.from(stored, 'base64'));
      } catch (error) {
        // Another machine's or another OS user's ciphertext (a restored backup): as good as no secret.
        console.warn(`[secrets] could not decrypt "${key}"`, error);
        return null;
      }
    },

    async set(key, value) {
      checkKey(key);
      if (!canEncrypt()) {
        throw new CoreError(
          'unavailable',
          "Coachframe can't store your sign-in securely: this system's secure storage (Keychain, " +
            'Credential Manager or a Secret Service keyring such as GNOME Keyring or KWallet) is not available. ' +
            'Nothing was saved.',
        );
      }
      const encrypted = safeStorage.encryptString(value).toString('base64');
      store.set('secrets', { ...store.get('secrets'), [key]: encrypted });
    },

    async delete(key) {
      if (read(key) === undefined) return;
      const { [key]: _removed, ...rest } = store.get('secrets');
      store.set('secrets', rest);
    },
  };
}

function checkKey(key: string): void {
  if (!SECRET_KEY.test(key)) throw new Error(`Not a secret key: ${JSON.stringify(key)}`);
}
