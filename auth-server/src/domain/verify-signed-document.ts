import {
  isMadoguchiError,
  MadoguchiError,
  pickFacts,
  type ErrorCode,
  type SignatureVerdict,
} from '@madoguchi/protocol';
import type { Store } from '../store/store';
import { parseSignedData, type SignedDocument } from '../verify/parse-signed-data';
import { readBasicFour } from '../verify/read-basic-four';
import { verifyCertificate, type CertificateContext } from '../verify/verify-certificate';
import { verifyChain } from '../verify/verify-chain';
import { verifyKeyUsage } from '../verify/verify-key-usage';
import { verifyNotRevokedAt } from '../verify/verify-revocation-at';
import { verifyPolicy } from '../verify/verify-policy';
import { verifyValidity } from '../verify/verify-validity';
import type { Registration } from './service-registry';

export type SignatureContext = CertificateContext & { store: Store };

/** How far a signer's clock may run ahead of ours. */
const SIGNING_TIME_SKEW_MS = 5 * 60_000;

/**
 * POST /v1/signatures/verify: the platform's verdict on a signed application for the service that submitted it.
 * Each check is reported; `valid` only when the signature verifies and the certificate passes both at the signing
 * time (the signer's claim, inside the signed attributes) and now. The facts of the certificate only when valid and
 * only those the registration allows from `sign-cert`; the signer's subject only when linked to this service.
 */
export async function verifySignedDocument(
  der: Buffer,
  service: Registration,
  now: Date,
  ctx: SignatureContext,
): Promise<SignatureVerdict> {
  const verdict: SignatureVerdict = {
    valid: false,
    code: null,
    signingTime: null,
    checks: { signature: false, chain: false, atSigningTime: false, now: false },
    content: null,
    sub: null,
  };
  let doc: SignedDocument;
  try {
    doc = parseSignedData(der, ctx.cache);
  } catch (error) {
    if (isMadoguchiError(error, 'BAD_MESSAGE')) throw error;
    return { ...verdict, code: codeOf(error) };
  }
  verdict.checks.signature = true;
  verdict.signingTime = doc.signingTime.toISOString();
  verdict.content = doc.content.toString('base64url');
  const failures: ErrorCode[] = [];
  const check = (name: 'chain' | 'atSigningTime' | 'now', fn: () => void) => {
    try {
      fn();
      verdict.checks[name] = true;
    } catch (error) {
      failures.push(codeOf(error));
    }
  };
  const trust = ctx.trust.sign;
  check('chain', () => verifyChain(doc.signer, trust, now));
  check('atSigningTime', () => {
    // The signing time is the signer's own claim: one after now cannot be true (and would dodge nothing, but a
    // verdict "valid at signing time" must not rest on it).
    if (doc.signingTime.getTime() > now.getTime() + SIGNING_TIME_SKEW_MS) {
      throw new MadoguchiError('SIGNATURE_INVALID', 'the signing time is later than now');
    }
    const issuer = verifyChain(doc.signer, trust, doc.signingTime);
    verifyValidity(doc.signer, doc.signingTime);
    verifyKeyUsage(doc.signer);
    verifyPolicy(doc.signer, 'sign');
    verifyNotRevokedAt(doc.signer, issuer, 'sign', ctx.crls, now, ctx.crlGraceMs, doc.signingTime);
  });
  check('now', () => verifyCertificate(doc.signer.der, 'sign', now, ctx));
  verdict.code = failures[0] ?? null;
  verdict.valid = failures.length === 0;
  if (!verdict.valid) return verdict;

  const link = await linkedSubject(ctx.store, doc, service.id);
  const allowed = service.facts.sources.includes('sign-cert') ? service.facts.allowed : [];
  return {
    ...verdict,
    sub: link,
    ...(allowed.length > 0 ? { facts: pickFacts(readBasicFour(doc.signer), allowed) } : {}),
  };
}

async function linkedSubject(store: Store, doc: SignedDocument, serviceId: string): Promise<string | null> {
  const holder = await store.findHolder({ issuer: doc.signer.issuer, serial: doc.signer.serial });
  const link = holder && (await store.getLink(holder.holderId, serviceId));
  return link && link.status !== 'removed' ? link.subject : null;
}

const codeOf = (error: unknown): ErrorCode => (isMadoguchiError(error) ? error.code : 'INTERNAL');
