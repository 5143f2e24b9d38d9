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
import { proveWithCard, type KeyKind } from './card-proof';
import { JpkiCard } from './jpki-card';
import { step, type OperationIo } from './operation';

export interface LoginDeps {
  reader: CardReader;
  server: ServerClient;
}

/**
 * Login (design.md "The login, step by step") with the key the service is registered for: `auth` (auth PIN, auth
 * key) or `sign` (the 6–16 character sign PIN, then the sign certificate, the sign key). The challenge and the
 * service's assurance come first: a server that is down ends the login with SERVER_UNREACHABLE before the card is
 * touched or a PIN asked.
 */
export async function login(
  deps: LoginDeps,
  io: OperationIo,
  request: CreateChallengeRequest,
): Promise<TokenSet> {
  const { challenge, keyKind } = await fetchChallengeAndKey(deps.server, io, request);
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  const proof = await proveWithCard(card, keyKind, io, toBeSigned(challenge));
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
    request.serviceId === HOLDER_AUDIENCE
      ? ('auth' as const)
      : server.serviceInfo(request.serviceId).then((info) => info.assurance),
  ]);
  return { challenge, keyKind };
}

/** The challenge, before the card is touched or a PIN asked; it must be for what was asked. */
async function fetchChallenge(
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
