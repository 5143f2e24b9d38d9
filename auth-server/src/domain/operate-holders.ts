import { MadoguchiError, type HolderView } from '@madoguchi/protocol';
import type { Store } from '../store/store';
import type { CrlLookup } from '../verify/verify-revocation';
import { normalizeSerial } from '../verify/serial';
import { recordDecision } from './audit';
import type { Clock } from './clock';
import { changeHolder, type LifecycleAction } from './holder-lifecycle';
import { holderLinks } from './link-status';
import type { Registration } from './service-registry';

/** What the operator's routes and CLI share: one store, the clock, the CRLs (for name changes), the services. */
export interface OperatorContext {
  store: Store;
  clock: Clock;
  crls: CrlLookup;
  services: ReadonlyMap<string, Registration>;
}

/** A holder with its links, as the operator (and only the operator, besides the holder) may see it. */
export async function holderView(ctx: OperatorContext, holderId: string): Promise<HolderView> {
  const holder = await ctx.store.getHolder(holderId);
  if (holder === undefined) throw new MadoguchiError('NOT_FOUND', 'no such holder');
  return {
    holderId,
    status: holder.status,
    createdAt: holder.createdAt.toISOString(),
    links: await holderLinks(ctx.store, ctx.crls, ctx.services, holderId),
  };
}

/** The holders of a certificate serial (J-LIS reports a lost card's serials): normally one. */
export async function findHolders(ctx: OperatorContext, serial: string): Promise<HolderView[]> {
  const holders = await ctx.store.findHoldersBySerial(normalizeSerial(serial));
  return Promise.all(holders.map((h) => holderView(ctx, h.holderId)));
}

/** Suspend, reactivate or abolish, audited either way. */
export async function operateHolder(
  ctx: OperatorContext,
  holderId: string,
  action: LifecycleAction,
): Promise<HolderView> {
  const decision = { deviceId: null, serviceId: null, certificateHash: null };
  try {
    await changeHolder(ctx.store, holderId, action, ctx.clock.now());
  } catch (error) {
    await recordDecision(ctx.store, ctx.clock, action, decision, error);
    throw error;
  }
  await recordDecision(ctx.store, ctx.clock, action, decision);
  return holderView(ctx, holderId);
}
