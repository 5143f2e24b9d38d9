import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface SignKey {
  /** DER certificate, base64. */
  cert: string;
  /** PKCS#8 PEM. */
  key: string;
}

const pem = (der: string) =>
  `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/** A CMS SignedData as the bridge makes it (signed attributes, SHA-256, RSA PKCS#1 v1.5), by node-forge. */
export function forgeCms(signer: SignKey, content: Buffer, signingTime: Date): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  const certificate = forge.pki.certificateFromPem(pem(signer.cert));
  p7.addCertificate(certificate);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(signer.key),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: signingTime as unknown as string },
    ],
  });
  p7.sign();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** Runs `fn` with a scratch directory that is removed afterwards. */
function inTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-cms-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl cms -sign` with the card's sign key: the standard tool's own SignedData. */
export function opensslCms(signer: SignKey, content: Buffer): Buffer {
  return inTmp((dir) => {
    const f = (name: string, data: string | Buffer) => {
      writeFileSync(path.join(dir, name), data);
      return path.join(dir, name);
    };
    return execFileSync('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-nosmimecap',
      '-md',
      'sha256',
      '-outform',
      'DER',
      '-in',
      f('doc', content),
      '-signer',
      f('cert.pem', pem(signer.cert)),
      '-inkey',
      f('key.pem', signer.key),
    ]);
  });
}

/** `openssl cms -verify` against the sign CA at a given time: whether it accepts. */
export function opensslVerifies(cms: Buffer, caPem: string, at: Date): boolean {
  return inTmp((dir) => {
    writeFileSync(path.join(dir, 'cms.der'), cms);
    const r = spawnSync('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'cms.der'),
      '-CAfile',
      caPem,
      '-attime',
      String(Math.floor(at.getTime() / 1000)),
      '-out',
      path.join(dir, 'out'),
    ]);
    return r.status === 0;
  });
}
