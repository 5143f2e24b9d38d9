import {
  FACT_NAMES,
  factsToClaims,
  linkToBeSigned,
  MadoguchiError,
  pickFacts,
  type BasicFour,
  type FactsSource,
  type LinkRequest,
  type LinkResponse,
} from '@madoguchi/protocol';
import { readBasicFour } from '../verify/read-basic-four';
import { certificateKeyFingerprint } from '../verify/trust-anchors';
import { verifyCertificate, type VerifiedCertificate } from '../verify/verify-certificate';
import { signatureMatches } from '../verify/verify-signature';
import type { DecisionContext } from './audit';
import { factsVersion, linkView, noticeCardInfoChange } from './link-status';
import { startSession, type SessionContext } from './start-session';
import { verifyAssertion, type AcceptedAssertion, type AssertionContext } from './verify-assertion';

export type LinkContext = AssertionContext & SessionContext;

/**
 * POST /v1/links: the first use of a service with consent, and the release of facts (紐付け) to it alone. The card's
 * signature covers the consent and the card-info facts (linkToBeSigned); then the registration decides: only
 * facts it is registered for, only from a source it accepts (FACTS_NOT_ALLOWED); the facts of a signature
 * certificate only after its full verification. The store keeps which facts, from where, and a keyed version hash —
 * never the facts. The ID token carries them once, with `facts_source`.
 */
export async function recordLink(
  request: LinkRequest,
  deviceId: string,
  now: Date,
  ctx: LinkContext,
  decision: DecisionContext,
): Promise<LinkResponse> {
  const bytes = (c: Parameters<typeof linkToBeSigned>[0]) =>
    linkToBeSigned(c, request.consent, request.cardInfo);
  const accepted = await verifyAssertion(request, deviceId, now, ctx, decision, bytes);
  if (accepted.purpose !== 'link') {
    throw new MadoguchiError('CHALLENGE_MISMATCH', 'a link needs a challenge issued for purpose link');
  }
  const registration = ctx.services.get(accepted.serviceId)!;
  const wanted = request.consent.facts;
  if (wanted.some((f) => !registration.facts.allowed.includes(f))) {
    throw new MadoguchiError(
      'FACTS_NOT_ALLOWED',
      'the service is not registered for every fact consented to',
    );
  }
  const source = factsSource(request, accepted);
  if (source !== null && !registration.facts.sources.includes(source)) {
    throw new MadoguchiError('FACTS_NOT_ALLOWED', `the service does not accept facts from ${source}`);
  }
  const signCert =
    source === 'sign-cert' ? await signatureCertificate(request, accepted, now, ctx, bytes) : null;
  const facts: BasicFour | null =
    source === 'card-info' ? request.cardInfo! : signCert ? readBasicFour(signCert.cert) : null;
  const shared = FACT_NAMES.filter((f) => wanted.includes(f));
  const released = facts ? pickFacts(facts, shared) : {};
  const version = facts ? factsVersion(ctx.tokens.pairwiseSecret, accepted.serviceId, facts, shared) : null;

  const { tokens, link } = await startSession(ctx, {
    holderId: accepted.holder.holderId,
    serviceId: accepted.serviceId,
    deviceId,
    acr: accepted.keyKind,
    authTime: now,
    now,
    consent: true,
    ...(source && version
      ? { idClaims: { ...factsToClaims(released), facts_source: source, facts_version: version } }
      : {}),
  });
  const release =
    source && version
      ? {
          shared,
          source,
          version,
          certificate: signCert
            ? { issuerKey: certificateKeyFingerprint(signCert.issuer), serial: signCert.cert.serial }
            : null,
        }
      : null;
  if (release) await ctx.store.recordFacts(accepted.holder.holderId, accepted.serviceId, release);
  if (source === 'card-info') {
    await noticeCardInfoChange(ctx.store, ctx.tokens.pairwiseSecret, accepted.holder.holderId, facts!);
  }
  const recorded = { ...link!, ...(release ? { facts: release, status: 'active' as const } : {}) };
  return { tokens, link: linkView(recorded, ctx.services) };
}

/** Which source the request's facts come from; none when nothing is consented (then none may be sent). */
function factsSource(request: LinkRequest, accepted: AcceptedAssertion): FactsSource | null {
  const fromSign = accepted.keyKind === 'sign' || request.sign !== undefined;
  if (request.cardInfo !== undefined && request.sign !== undefined) {
    throw new MadoguchiError('BAD_MESSAGE', 'send the facts from one source: cardInfo or sign, not both');
  }
  if (request.consent.facts.length === 0) {
    if (request.cardInfo !== undefined || request.sign !== undefined) {
      throw new MadoguchiError('BAD_MESSAGE', 'facts were sent without consent to release any');
    }
    return null;
  }
  if (request.cardInfo !== undefined) return 'card-info';
  if (fromSign) return 'sign-cert';
  throw new MadoguchiError('BAD_MESSAGE', 'facts were consented to but neither cardInfo nor sign was sent');
}

/**
 * The signature certificate the facts come from: the login's own (sign key), or the one beside an auth login,
 * verified in full and signed over the same bytes, then bound to the auth certificate's holder (merging a holder it
 * made in an earlier sign-key login), so the holder stays one person across both keys.
 */
async function signatureCertificate(
  request: LinkRequest,
  accepted: AcceptedAssertion,
  now: Date,
  ctx: LinkContext,
  bytes: (c: Parameters<typeof linkToBeSigned>[0]) => Uint8Array,
): Promise<VerifiedCertificate> {
  if (request.sign === undefined) return accepted.certificate;
  const verified = verifyCertificate(Buffer.from(request.sign.certificate, 'base64url'), 'sign', now, ctx);
  const challenge = (await ctx.store.getChallenge(request.challengeId))!;
  if (!signatureMatches(verified.cert, bytes(challenge), Buffer.from(request.sign.signature, 'base64url'))) {
    throw new MadoguchiError('SIGNATURE_INVALID', 'the signature key signature does not verify');
  }
  const key = { issuer: verified.cert.issuer, serial: verified.cert.serial };
  const bound = await ctx.store.bindCertificate(key, accepted.holder.holderId, now);
  if (bound.holderId !== accepted.holder.holderId) {
    await ctx.store.mergeHolder(bound.holderId, accepted.holder.holderId);
  }
  return verified;
}
