import {
  HOLDER_AUDIENCE,
  MadoguchiError,
  toBeSigned,
  type Challenge,
  type CreateChallengeRequest,
  type TokenSet,
} from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { ServerClient } from '../protocol/server-api';
import { base64url } from './base64url';
import { proveWithCard } from './card-proof';
import { JpkiCard, type KeyKind } from './jpki-card';
import { step, type OperationIo } from './operation';

export interface LoginDeps {
  reader: CardReader;
  server: ServerClient;
}

/**
 * Login (design.md "The login, step by step") with the key the service is registered for: `auth` (auth PIN, auth
 * key) or `sign` (the 6–16 character sign PIN, then the sign certificate, the sign key). The server comes first: one
 * that is down ends the login with SERVER_UNREACHABLE before the card is touched or a PIN asked. With the auth key,
 * the certificate (no PIN needed) goes with the challenge request, so a login the server would refuse — a card never
 * linked to the service (LINK_REQUIRED: the TV asks consent, then links with the one PIN), a suspended holder, a
 * revoked certificate — ends before the PIN instead of wasting one.
 */
export async function login(
  deps: LoginDeps,
  io: OperationIo,
  request: CreateChallengeRequest,
): Promise<TokenSet> {
  step(io, 'challenge');
  const keyKind = await keyKindFor(deps.server, request.serviceId);
  let challenge: Challenge;
  let certificate: Uint8Array | undefined;
  let card: JpkiCard;
  if (keyKind === 'auth') {
    step(io, 'reading');
    card = new JpkiCard(await deps.reader.connect());
    certificate = await card.readCertificate('auth');
    challenge = await requestChallenge(deps.server, { ...request, certificate: base64url(certificate) });
  } else {
    challenge = await requestChallenge(deps.server, request);
    step(io, 'reading');
    card = new JpkiCard(await deps.reader.connect());
  }
  const proof = await proveWithCard(card, keyKind, io, toBeSigned(challenge), certificate);
  step(io, 'sending');
  const { tokens } = await deps.server.submitAssertion({
    challengeId: challenge.challengeId,
    keyKind,
    ...proof,
  });
  io.progress('done');
  return tokens;
}

/**
 * The challenge and the key the service needs (its registration's `assurance`, GET /v1/services/:id, asked at the
 * same time), both before the card is touched. The holder's own login is always with the auth key.
 */
export async function fetchChallengeAndKey(
  server: ServerClient,
  io: OperationIo,
  request: CreateChallengeRequest,
): Promise<{ challenge: Challenge; keyKind: KeyKind }> {
  const [challenge, keyKind] = await Promise.all([
    fetchChallenge(server, io, request),
    keyKindFor(server, request.serviceId),
  ]);
  return { challenge, keyKind };
}

/** The key the service's registration asks for (GET /v1/services/:id); the holder's own view is always `auth`. */
async function keyKindFor(server: ServerClient, serviceId: string): Promise<KeyKind> {
  return serviceId === HOLDER_AUDIENCE ? 'auth' : (await server.serviceInfo(serviceId)).assurance;
}

/** The challenge, before the card is touched or a PIN asked; it must be for what was asked. */
async function fetchChallenge(
  server: ServerClient,
  io: OperationIo,
  request: CreateChallengeRequest,
): Promise<Challenge> {
  step(io, 'challenge');
  return requestChallenge(server, request);
}

/** POST /v1/challenges; a challenge for another service or purpose than asked is refused. */
async function requestChallenge(server: ServerClient, request: CreateChallengeRequest): Promise<Challenge> {
  const challenge = await server.createChallenge(request);
  if (challenge.serviceId !== request.serviceId || challenge.purpose !== request.purpose) {
    throw new MadoguchiError(
      'CHALLENGE_MISMATCH',
      'the server issued a challenge for another service or purpose',
    );
  }
  return challenge;
}
