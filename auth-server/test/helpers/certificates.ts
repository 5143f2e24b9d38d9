import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simLayout, type CardProfile } from '@madoguchi/jpki-card';
import { OID } from '@madoguchi/protocol';
// The test CA's building blocks, for certificates its public API deliberately cannot make (wrong profiles).
import { buildCertificate } from '../../../mocks/jpki-ca/src/certificate';
import {
  authorityKeyIdentifier,
  certificatePolicies,
  keyUsage,
  subjectKeyIdentifier,
  type KeyUsage,
} from '../../../mocks/jpki-ca/src/extensions';
import { keyIdentifierOf } from '../../../mocks/jpki-ca/src/keys';
import { caSubject, holderSubject } from '../../../mocks/jpki-ca/src/names';
import { randomSerial } from '../../../mocks/jpki-ca/src/serial';
import type { TestPki } from './fixture';
import { ISSUED_AT } from './fixture';

/**
 * An authentication certificate for `card`'s key, signed by the trusted auth CA (g1), with a chosen key usage and
 * policy: base64url DER, ready for an assertion.
 */
export function certificateWith(
  pki: TestPki,
  card: CardProfile,
  options: { keyUsage?: KeyUsage[]; policy?: string },
): string {
  const caDir = path.join(simLayout(pki.dir).ca, 'auth', 'g1');
  const caKeyPem = readFileSync(path.join(caDir, 'ca.key.pem'), 'utf8');
  const caPublic = createPublicKey(createPrivateKey(caKeyPem));
  const holderKey = createPublicKey(createPrivateKey(card.jpki.authKey));
  const der = buildCertificate({
    serial: randomSerial(),
    issuer: caSubject('auth'),
    subject: holderSubject(),
    notBefore: ISSUED_AT,
    notAfter: new Date(ISSUED_AT.getTime() + 365 * 86_400_000),
    subjectPublicKey: holderKey,
    extensions: [
      keyUsage(...(options.keyUsage ?? ['digitalSignature'])),
      certificatePolicies(options.policy ?? OID.POLICY_AUTH, false),
      subjectKeyIdentifier(keyIdentifierOf(holderKey)),
      authorityKeyIdentifier(keyIdentifierOf(caPublic)),
    ],
    signingKeyPem: caKeyPem,
  });
  return Buffer.from(der).toString('base64url');
}
