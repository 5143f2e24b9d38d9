import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MadoguchiError } from '@madoguchi/protocol';

/** The box's own identity towards the auth-server: an ECDSA P-256 key pair made on first start. */
export interface DeviceIdentity {
  /** base64url of the first 18 bytes of SHA-256(SPKI DER): stable, derived from the key, no second file. */
  readonly deviceId: string;
  readonly privateKey: KeyObject;
  /** SPKI PEM: what the operator registers for this device (`madoguchi-bridge enrol`). */
  readonly publicKeyPem: string;
}

export const DEVICE_KEY_FILE = 'device-key.pem';

/**
 * Loads the device key from the state directory, generating it on first start (mode 0600, created exclusively so two
 * starts never overwrite each other). A key file others can read is refused: it would let another user act as this
 * box.
 */
export async function loadOrCreateDeviceKey(stateDir: string): Promise<DeviceIdentity> {
  const file = path.join(stateDir, DEVICE_KEY_FILE);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const pem = (await readKey(file)) ?? (await createKey(file));
  return identityOf(createPrivateKey(pem));
}

async function readKey(file: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) !== 0) {
    throw new MadoguchiError(
      'CONFIG_INVALID',
      `${file} has mode ${(mode & 0o777).toString(8)}; the device key must be 600 (chmod 600 ${file})`,
    );
  }
  return readFile(file, 'utf8');
}

async function createKey(file: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    // Another start made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file, 'utf8');
    throw error;
  }
}

function identityOf(privateKey: KeyObject): DeviceIdentity {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    deviceId: createHash('sha256').update(spki).digest().subarray(0, 18).toString('base64url'),
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
