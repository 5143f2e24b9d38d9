import {
  MadoguchiError,
  toBeSigned,
  type AssertionRequest,
  type ChallengeBinding,
  type ErrorCode,
} from '@madoguchi/protocol';
import type { AcceptedLogin, ChallengeRecord, ConsumeOutcome, HolderRecord, Store } from '../store/store';
import type { KeyKind } from '../verify/key-kind';
import type { ParsedCertificate } from '../verify/parse-certificate';
import {
  verifyCertificate,
  type CertificateContext,
  type VerifiedCertificate,
} from '../verify/verify-certificate';
import { signatureMatches } from '../verify/verify-signature';
import type { DecisionContext } from './audit';
import { resolveHolder } from './resolve-holder';
import type { Registration } from './service-registry';

export interface AssertionContext extends CertificateContext {
  store: Store;
  services: ReadonlyMap<string, Registration>;
}

export interface AcceptedAssertion {
  holder: HolderRecord;
  serviceId: string;
  keyKind: KeyKind;
  purpose: ChallengeRecord['purpose'];
  certificate: VerifiedCertificate;
}

/** The bytes the card signed for a challenge: toBeSigned, or a variant that binds more (linkToBeSigned). */
export type SignedBytes = (challenge: ChallengeBinding) => Uint8Array;

const REFUSAL: Record<Exclude<ConsumeOutcome, 'consumed'>, [ErrorCode, string]> = {
  unknown: ['CHALLENGE_UNKNOWN', 'no such challenge'],
  expired: ['CHALLENGE_EXPIRED', 'the challenge has expired'],
  used: ['CHALLENGE_USED', 'the challenge has been used already'],
  mismatch: ['CHALLENGE_MISMATCH', 'the challenge was issued to another device'],
};

/** An assertion whose certificate and card signature are verified; its challenge is not consumed yet. */
export interface CheckedAssertion {
  certificate: VerifiedCertificate;
  challenge: ChallengeRecord;
}

/**
 * POST /v1/assertions, failing closed in a fixed order: the certificate (parse, chain, validity, key usage, policy,
 * revocation), then the card's signature over toBeSigned(challenge as issued), then the challenge consumed in one
 * atomic step (unused, unexpired, this device), then the service's assurance and the holder. `decision` is filled in
 * as facts become known, for the audit record of either outcome.
 */
export async function verifyAssertion(
  request: AssertionRequest,
  deviceId: string,
  now: Date,
  ctx: AssertionContext,
  decision: DecisionContext,
  signedBytes: SignedBytes = toBeSigned,
): Promise<AcceptedAssertion> {
  const checked = await checkAssertion(request, deviceId, now, ctx, decision, signedBytes);
  return acceptAssertion(checked, request.keyKind, deviceId, now, ctx);
}

/** The steps before the challenge is consumed: the certificate, then the card's signature over the challenge. */
export async function checkAssertion(
  request: AssertionRequest,
  deviceId: string,
  now: Date,
  ctx: AssertionContext,
  decision: DecisionContext,
  signedBytes: SignedBytes = toBeSigned,
): Promise<CheckedAssertion> {
  const certificate = verifyCertificate(
    decodeBase64Url(request.certificate),
    request.keyKind,
    now,
    ctx,
    (c) => {
      decision.certificateHash = c.holderKeyHash;
    },
  );
  const { cert } = certificate;

  const challenge = await ctx.store.getChallenge(request.challengeId);
  if (challenge === undefined) throw new MadoguchiError(...REFUSAL.unknown);
  decision.serviceId = challenge.serviceId;

  const signature = decodeBase64Url(request.signature);
  if (!signatureMatches(cert, signedBytes(challenge), signature)) {
    if (signedForAnother(cert, signature, challenge, deviceId, ctx.services, signedBytes)) {
      throw new MadoguchiError(
        'CHALLENGE_MISMATCH',
        'the card signed this challenge for another service or device',
      );
    }
    throw new MadoguchiError('SIGNATURE_INVALID', 'the card signature does not verify');
  }
  return { certificate, challenge };
}

/** The steps from the challenge's consumption on, one store call each: consume, assurance, holder. */
export async function acceptAssertion(
  { certificate, challenge }: CheckedAssertion,
  keyKind: KeyKind,
  deviceId: string,
  now: Date,
  ctx: AssertionContext,
): Promise<AcceptedAssertion> {
  await consumeOrRefuse(ctx.store, challenge.challengeId, deviceId, now);
  requireAssurance(ctx.services, challenge.serviceId, keyKind);
  const { cert } = certificate;
  const holder = await resolveHolder(ctx.store, { issuer: cert.issuer, serial: cert.serial }, now);
  return { holder, serviceId: challenge.serviceId, keyKind, purpose: challenge.purpose, certificate };
}

/** Consumes the challenge (with an accepted login's writes), or refuses with the reason it could not be. */
export async function consumeOrRefuse(
  store: Store,
  challengeId: string,
  deviceId: string,
  now: Date,
  accepted?: AcceptedLogin,
): Promise<void> {
  const outcome = await store.consumeChallenge(challengeId, deviceId, now, accepted);
  if (outcome !== 'consumed') throw new MadoguchiError(...REFUSAL[outcome]);
}

/** The service is still configured, and a `sign` service got a signature-key login. */
export function requireAssurance(
  services: ReadonlyMap<string, Registration>,
  serviceId: string,
  keyKind: KeyKind,
): void {
  const service = services.get(serviceId);
  if (service === undefined)
    throw new MadoguchiError('SERVICE_UNKNOWN', 'the service is no longer configured');
  if (service.assurance === 'sign' && keyKind !== 'sign') {
    throw new MadoguchiError('ASSURANCE_INSUFFICIENT', 'this service needs the signature key (sign PIN)');
  }
}

/**
 * Whether a signature that fails for the challenge as issued is a valid signature over the same challenge bound to
 * another configured service or to the submitting device: then the card is genuine but the assertion was carried to
 * the wrong place, which the operator should see as CHALLENGE_MISMATCH rather than a forgery.
 */
function signedForAnother(
  cert: ParsedCertificate,
  signature: Buffer,
  challenge: ChallengeRecord,
  deviceId: string,
  services: ReadonlyMap<string, Registration>,
  signedBytes: SignedBytes,
): boolean {
  const bindings = [
    ...[...services.keys()]
      .filter((s) => s !== challenge.serviceId)
      .map((serviceId) => ({ ...challenge, serviceId })),
    ...(deviceId !== challenge.deviceId ? [{ ...challenge, deviceId }] : []),
  ];
  return bindings.some((b) => signatureMatches(cert, signedBytes(b), signature));
}

/** The schema already restricts the alphabet to base64url; padding-free decoding cannot fail after that. */
const decodeBase64Url = (text: string): Buffer => Buffer.from(text, 'base64url');
