import { HOLDER_AUDIENCE } from '@madoguchi/protocol';
import { verifyCertificate } from '../verify/verify-certificate';
import type { DecisionContext } from './audit';
import { requireLink, requireLoginState } from './start-session';
import type { AssertionContext } from './verify-assertion';

/**
 * What a `login` would be refused for after the PIN, judged from the card's authentication certificate before it
 * (POST /v1/challenges with `certificate`): the certificate's checks, a suspended holder or abolished card, and
 * LINK_REQUIRED where the holder never linked the service — so the viewer consents first and types one PIN, not a
 * PIN wasted on a refusal. Only what the certificate proves no more than possession of the card: the assertion is
 * still verified in full. A certificate not yet bound that renews a known one (the serial list) passes: the login
 * binds it to its holder, links and all.
 */
export async function precheckLogin(
  certificate: string,
  serviceId: string,
  now: Date,
  ctx: AssertionContext,
  decision: DecisionContext,
): Promise<void> {
  // A sign-assurance login reads its certificate only after the sign PIN: nothing to judge before it. (The holder's
  // own view is registered with `auth`.)
  if (ctx.services.get(serviceId)?.assurance !== 'auth') return;
  const { cert } = verifyCertificate(Buffer.from(certificate, 'base64url'), 'auth', now, ctx, (c) => {
    decision.certificateHash = c.holderKeyHash;
  });
  const key = { issuer: cert.issuer, serial: cert.serial };
  const state = await ctx.store.findLoginState(key, serviceId);
  if (state !== undefined) return void requireLoginState(state, serviceId);
  // A card never seen: one that renews a known card (the serial list) passes; any other has no link.
  if (serviceId !== HOLDER_AUDIENCE && (await ctx.store.findRenewalOf(key)) === undefined)
    requireLink(undefined);
}
