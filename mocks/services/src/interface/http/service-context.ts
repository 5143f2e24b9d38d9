import type { FastifyRequest } from 'fastify';
import { MadoguchiError } from '@madoguchi/protocol';
import { authenticateResident, type AccessPolicy, type Resident } from '../../domain/authenticate-resident';
import type { Clock } from '../../domain/clock';
import type { IdentityProvider } from '../../domain/identity-provider';
import type { Store } from '../../store/store';

/** What every service's routes are given: its relying party, its own store, the clock and its staff token. */
export interface ServiceContext {
  provider: IdentityProvider;
  store: Store;
  clock: Clock;
  /** The city's staff present this (Bearer) on /staff routes. */
  staffToken: string;
}

/** The viewer's Bearer token checked against the action's policy (docs/verifiers.md). */
export function residentOf(
  request: FastifyRequest,
  ctx: ServiceContext,
  policy: AccessPolicy,
): Promise<Resident> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '');
  if (!match) throw new MadoguchiError('TOKEN_INVALID', 'a Bearer token from the card login is required');
  return authenticateResident(match[1]!, ctx.provider, policy, ctx.clock());
}
