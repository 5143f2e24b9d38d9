import { HOLDER_AUDIENCE, MadoguchiError, type ReuseRequest, type TokenSet } from '@madoguchi/protocol';
import { tokenSession, type HolderTokenContext } from './authenticate-holder';
import type { Registration } from './service-registry';
import { startSession, type SessionContext } from './start-session';

export type ReuseContext = HolderTokenContext &
  SessionContext & { services: ReadonlyMap<string, Registration> };

/**
 * A login without a new PIN, per the service's registration (the per-service PIN policy): the service allows reuse,
 * the PIN login behind the presented token was on this box within the service's window and reached its assurance,
 * and the holder is linked to it. The new session keeps the original auth_time.
 */
export async function reuseLogin(
  request: ReuseRequest,
  deviceId: string,
  now: Date,
  ctx: ReuseContext,
): Promise<{ tokens: TokenSet; holderId: string }> {
  const service = ctx.services.get(request.serviceId);
  if (service === undefined || service.id === HOLDER_AUDIENCE) {
    throw new MadoguchiError('SERVICE_UNKNOWN', 'no such service is configured');
  }
  const { session } = await tokenSession(request.accessToken, deviceId, ctx, {
    now,
    allowExpired: true,
  });
  const age = now.getTime() - session.authTime.getTime();
  if (service.recentLoginSeconds === 0 || age > service.recentLoginSeconds * 1000) {
    throw new MadoguchiError('FRESH_LOGIN_REQUIRED', 'this service needs a new PIN entry');
  }
  if (service.assurance === 'sign' && session.acr !== 'sign') {
    throw new MadoguchiError('ASSURANCE_INSUFFICIENT', 'this service needs the signature key (sign PIN)');
  }
  const { tokens } = await startSession(ctx, {
    holderId: session.holderId,
    serviceId: service.id,
    deviceId,
    acr: session.acr,
    authTime: session.authTime,
    now,
    consent: false,
  });
  return { tokens, holderId: session.holderId };
}
