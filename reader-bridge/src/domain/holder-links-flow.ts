import {
  HOLDER_AUDIENCE,
  isMadoguchiError,
  type HolderLink,
  type LinkView,
  type TokenSet,
} from '@madoguchi/protocol';
import type { ServerClient } from '../protocol/server-api';
import { step, type OperationIo } from './operation';
import type { RecentLogins } from './recent-logins';

export interface HolderDeps {
  server: ServerClient;
  recent: RecentLogins;
  /** A PIN login to the `holder` audience (the login flow). */
  pinLogin(io: OperationIo): Promise<TokenSet>;
}

/** The holder's links: with the held `holder` token when this card has one, else after a PIN login. */
export function listLinks(deps: HolderDeps, io: OperationIo): Promise<HolderLink[]> {
  return withHolderToken(deps, io, async (token) =>
    (await deps.server.holderLinks(token)).links.map(toHolderLink),
  );
}

/** Removes one link (NOT_FOUND when there is none) and returns the links that remain. */
export function removeLink(deps: HolderDeps, io: OperationIo, serviceId: string): Promise<HolderLink[]> {
  return withHolderToken(deps, io, async (token) => {
    await deps.server.removeHolderLink(token, serviceId);
    return (await deps.server.holderLinks(token)).links.map(toHolderLink);
  });
}

async function withHolderToken<T>(
  deps: HolderDeps,
  io: OperationIo,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const held = deps.recent.holder();
  if (held !== undefined) {
    try {
      step(io, 'sending');
      const result = await call(held);
      io.progress('done');
      return result;
    } catch (error) {
      // Ended by the server (suspension lifted, session revoked, key rotated): ask the PIN once more.
      if (!isMadoguchiError(error, 'TOKEN_INVALID')) throw error;
      deps.recent.forgetHolder();
    }
  }
  const tokens = await deps.pinLogin(silentDone(io));
  step(io, 'sending');
  const result = await call(tokens.accessToken);
  io.progress('done');
  return result;
}

/** The inner login's own `done` is not the operation's end. */
function silentDone(io: OperationIo): OperationIo {
  return { ...io, progress: (s) => s !== 'done' && io.progress(s), askPin: (r) => io.askPin(r) };
}

export const HOLDER_LOGIN = { serviceId: HOLDER_AUDIENCE, purpose: 'login' } as const;

function toHolderLink(view: LinkView): HolderLink {
  return {
    serviceId: view.serviceId,
    name: view.serviceName,
    status: view.status,
    linkedAt: view.linkedAt,
    lastUsedAt: view.lastUsedAt,
    factsShared: view.factsShared,
    factsSource: view.factsSource,
  };
}
