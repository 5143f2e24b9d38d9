import {
  MadoguchiError,
  linkToBeSigned,
  type BasicFour,
  type LinkConsent,
  type TokenSet,
} from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { ServerClient } from '../protocol/server-api';
import { proveWithCard, type CardProof } from './card-proof';
import { JpkiCard } from './jpki-card';
import { fetchChallengeAndKey } from './login-flow';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

export interface LinkDeps {
  reader: CardReader;
  server: ServerClient;
}

/**
 * The first use of a service with the viewer's consent (POST /v1/links). The challenge (purpose `link`) and the
 * service's assurance come first, so a down server costs no PIN. Then only what the consent's source needs is read:
 * - `card-info`: the 4-digit card-info PIN, the basic four from the card-info AP (never the My Number EF);
 * - `sign-cert`: with an `auth` service, the sign PIN, the signature certificate (the server reads the facts from
 *   it) and the sign key's signature over the same bytes; with a `sign` service the login's own proof is that;
 * - no facts: nothing beyond the login's own certificate.
 * Last the PIN of the key the service needs and that key's signature over linkToBeSigned(challenge, consent, facts).
 * A cancel at any PIN ends it with nothing sent. The facts go only to the auth-server, never to the TV or the log.
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
  const { challenge, keyKind } = await fetchChallengeAndKey(deps.server, io, {
    serviceId: request.serviceId,
    purpose: 'link',
  });
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  // Before any PIN: a card that cannot give its auth certificate costs the viewer none.
  const authCertificate = keyKind === 'auth' ? await card.readCertificate('auth') : undefined;

  let cardInfo: BasicFour | undefined;
  if (source === 'card-info') {
    await enterPin(card, 'cardInfo', io);
    cardInfo = await card.readBasicFour();
  }
  const bytes = linkToBeSigned(challenge, consent, cardInfo);
  const sign: CardProof | undefined =
    source === 'sign-cert' && keyKind === 'auth' ? await proveWithCard(card, 'sign', io, bytes) : undefined;
  const proof = await proveWithCard(card, keyKind, io, bytes, authCertificate);
  step(io, 'sending');
  const { tokens } = await deps.server.createLink({
    challengeId: challenge.challengeId,
    keyKind,
    ...proof,
    consent,
    ...(cardInfo ? { cardInfo } : {}),
    ...(sign ? { sign } : {}),
  });
  io.progress('done');
  return tokens;
}
