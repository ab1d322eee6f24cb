import type { SafeStorage } from 'electron';
import { FileSecretStore, PLAIN_CODEC, tokenFileOf, type SecretCodec, type SecretStoreFactory } from '../sync/secrets';

/**
 * The desktop keeps its hub token encrypted with the OS keychain (Keychain,
 * DPAPI, libsecret/kwallet) through Electron's `safeStorage`, in a 0600 file
 * beside the database (never inside it, so not in backups or exports). Where no
 * keychain is available (Linux without a secret service: safeStorage falls back
 * to a fixed key) it is a plain 0600 file, as on the web host.
 */
export function keychainSecretStores(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string }): SecretStoreFactory {
  const keychain: SecretCodec = {
    kind: 'safeStorage',
    encode: (v) => safeStorage.encryptString(v),
    decode: (b) => safeStorage.decryptString(b),
  };
  const usable = (): boolean => {
    if (!safeStorage.isEncryptionAvailable()) return false;
    // 'basic_text' is a hard-coded key: no better than the 0600 file, and it hides that.
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  };
  return (dbFile) =>
    usable()
      ? new FileSecretStore(tokenFileOf(dbFile), keychain, [PLAIN_CODEC])
      : new FileSecretStore(tokenFileOf(dbFile), PLAIN_CODEC, []);
}
