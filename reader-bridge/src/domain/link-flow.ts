import {
  MadoguchiError,
  linkToBeSigned,
  sha256DigestInfo,
  type BasicFour,
  type LinkConsent,
  type LinkRequest,
  type TokenSet,
} from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { ServerClient } from '../protocol/server-api';
import { base64url } from './base64url';
import { JpkiCard } from './jpki-card';
import { fetchChallenge } from './login-flow';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

export interface LinkDeps {
  reader: CardReader;
  server: ServerClient;
}

/**
 * The first use of a service with the viewer's consent (POST /v1/links). The challenge (purpose `link`) comes first,
 * so a down server costs no PIN. Then only what the consent's source needs is read:
 * - `card-info`: the 4-digit card-info PIN, the basic four from the card-info AP (never the My Number EF);
 * - `sign-cert`: the sign PIN, the signature certificate (the server reads the facts from it) and the sign key's
 *   signature over the same bytes;
 * - no facts: nothing but the auth certificate.
 * Last the auth PIN and the auth key's signature over linkToBeSigned(challenge, consent, facts). A cancel at any PIN
 * ends it with nothing sent. The facts go only to the auth-server, never to the TV or the log.
 */
export async function link(
  deps: LinkDeps,
  io: OperationIo,
  request: { serviceId: string; consent: LinkConsent },
): Promise<TokenSet> {
  const consent = { facts: [...request.consent.facts] };
  const source = request.consent.source;
  if (consent.facts.length > 0 && source === undefined) {
    throw new MadoguchiError('BAD_MESSAGE', 'consent.source is required when facts are consented to');
  }
  if (consent.facts.length === 0 && source !== undefined) {
    throw new MadoguchiError('BAD_MESSAGE', 'consent.source without facts: nothing would be read from it');
  }
  const challenge = await fetchChallenge(deps.server, io, { serviceId: request.serviceId, purpose: 'link' });
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  const certificate = await card.readCertificate('auth');

  let cardInfo: BasicFour | undefined;
  let sign: LinkRequest['sign'];
  if (source === 'card-info') {
    await enterPin(card, 'cardInfo', io);
    cardInfo = await card.readBasicFour();
  }
  const bytes = linkToBeSigned(challenge, consent, cardInfo);
  if (source === 'sign-cert') {
    await enterPin(card, 'sign', io);
    const signCertificate = await card.readCertificate('sign');
    step(io, 'signing');
    const signature = await card.sign('sign', sha256DigestInfo(bytes));
    sign = { certificate: base64url(signCertificate), signature: base64url(signature) };
  }
  await enterPin(card, 'auth', io);
  step(io, 'signing');
  const signature = await card.sign('auth', sha256DigestInfo(bytes));
  step(io, 'sending');
  const { tokens } = await deps.server.createLink({
    challengeId: challenge.challengeId,
    keyKind: 'auth',
    certificate: base64url(certificate),
    signature: base64url(signature),
    consent,
    ...(cardInfo ? { cardInfo } : {}),
    ...(sign ? { sign } : {}),
  });
  io.progress('done');
  return tokens;
}
