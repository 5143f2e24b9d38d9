import {
  MadoguchiError,
  sha256DigestInfo,
  toBeSigned,
  type Challenge,
  type CreateChallengeRequest,
  type TokenSet,
} from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { ServerClient } from '../protocol/server-api';
import { base64url } from './base64url';
import { JpkiCard } from './jpki-card';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

export interface LoginDeps {
  reader: CardReader;
  server: ServerClient;
}

/**
 * Login with the authentication key (design.md "The login, step by step"). The challenge comes first: a server that
 * is down ends the login with SERVER_UNREACHABLE before the card is touched or a PIN asked.
 */
export async function login(
  deps: LoginDeps,
  io: OperationIo,
  request: CreateChallengeRequest,
): Promise<TokenSet> {
  const challenge = await fetchChallenge(deps.server, io, request);
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  const certificate = await card.readCertificate('auth');
  await enterPin(card, 'auth', io);
  step(io, 'signing');
  const signature = await card.sign('auth', sha256DigestInfo(toBeSigned(challenge)));
  step(io, 'sending');
  const { tokens } = await deps.server.submitAssertion({
    challengeId: challenge.challengeId,
    keyKind: 'auth',
    certificate: base64url(certificate),
    signature: base64url(signature),
  });
  io.progress('done');
  return tokens;
}

/** The challenge, before the card is touched or a PIN asked; it must be for what was asked. */
export async function fetchChallenge(
  server: ServerClient,
  io: OperationIo,
  request: CreateChallengeRequest,
): Promise<Challenge> {
  step(io, 'challenge');
  const challenge = await server.createChallenge(request);
  if (challenge.serviceId !== request.serviceId || challenge.purpose !== request.purpose) {
    throw new MadoguchiError(
      'CHALLENGE_MISMATCH',
      'the server issued a challenge for another service or purpose',
    );
  }
  return challenge;
}
