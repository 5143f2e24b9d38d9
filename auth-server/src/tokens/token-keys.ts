import {
  generateKeyPairSync,
  createPrivateKey,
  createPublicKey,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, type JWK } from 'jose';
import type { Clock } from '../domain/clock';
import { assertPrivate } from '../config/state-dir';

interface StoredKey {
  kid: string;
  createdAt: string;
  privateKeyPem: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface TokenKeyOptions {
  /** Age at which a new key is made. */
  rotationMs: number;
  /** Token lifetime: a replaced key stays published until every token it signed has expired. */
  tokenTtlMs: number;
  /**
   * A new key is published this long before it signs, so that services (and other instances sharing the state
   * directory) have its JWKS entry before they meet a token signed with it.
   */
  activationMs?: number;
}

const DEFAULT_ACTIVATION_MS = 10 * 60_000;

/**
 * The ES256 token signing keys in the state directory (one 0600 JSON file each). The newest active key signs; every
 * key whose tokens may still be alive is in the JWKS; older ones are deleted.
 */
export class TokenKeys {
  private keys: Array<{ kid: string; createdAt: Date; privateKey: KeyObject; jwk: JWK }> = [];

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly options: Required<TokenKeyOptions>,
  ) {}

  static async open(dir: string, clock: Clock, options: TokenKeyOptions): Promise<TokenKeys> {
    const keys = new TokenKeys(dir, clock, { activationMs: DEFAULT_ACTIVATION_MS, ...options });
    await keys.reload();
    await keys.rotateIfDue();
    return keys;
  }

  /** Rereads the directory (another instance may have rotated). */
  async reload(): Promise<void> {
    const files = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    const loaded = await Promise.all(
      files.map(async (f) => {
        const file = path.join(this.dir, f);
        assertPrivate(file);
        const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
        const privateKey = createPrivateKey(stored.privateKeyPem);
        const jwk = { ...(await exportJWK(privateKey)), kid: stored.kid, alg: 'ES256', use: 'sig' };
        delete jwk.d;
        return { kid: stored.kid, createdAt: new Date(stored.createdAt), privateKey, jwk };
      }),
    );
    this.keys = loaded.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Makes a new key when there is none or the newest is older than the rotation period; prunes expired ones. */
  async rotateIfDue(): Promise<void> {
    const newest = this.keys[this.keys.length - 1];
    const now = this.clock.now().getTime();
    if (newest === undefined || now - newest.createdAt.getTime() >= this.options.rotationMs)
      await this.rotate();
    this.prune();
  }

  async rotate(): Promise<string> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const stored: StoredKey = {
      kid: randomUUID(),
      createdAt: this.clock.now().toISOString(),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    writeFileSync(path.join(this.dir, `${stored.kid}.json`), JSON.stringify(stored), {
      mode: 0o600,
      flag: 'wx',
    });
    await this.reload();
    return stored.kid;
  }

  /** The newest key that has been published long enough; the oldest one while none has (a fresh start). */
  signingKey(): SigningKey {
    const now = this.clock.now().getTime();
    const active = this.keys.filter((k) => k.createdAt.getTime() + this.options.activationMs <= now);
    const key = active[active.length - 1] ?? this.keys[0];
    if (key === undefined) throw new Error('no token signing key (TokenKeys.open makes one)');
    return { kid: key.kid, privateKey: key.privateKey };
  }

  /** The public key of a published key id: what our own tokens are checked with (introspection, reuse). */
  verificationKey(kid: string): KeyObject | undefined {
    const key = this.keys.find((k) => k.kid === kid);
    return key && createPublicKey(key.privateKey);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.jwk) };
  }

  /** A key is dropped once its successor has signed for longer than a token lives. */
  private prune(): void {
    const now = this.clock.now().getTime();
    const { activationMs, tokenTtlMs } = this.options;
    const keep = this.keys.filter((k, i) => {
      const next = this.keys[i + 1];
      return next === undefined || next.createdAt.getTime() + activationMs + tokenTtlMs > now;
    });
    for (const k of this.keys)
      if (!keep.includes(k)) rmSync(path.join(this.dir, `${k.kid}.json`), { force: true });
    this.keys = keep;
  }
}
