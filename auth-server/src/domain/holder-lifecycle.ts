import { MadoguchiError } from '@madoguchi/protocol';
import type { HolderRecord, Store } from '../store/store';

export type LifecycleAction = 'suspend' | 'reactivate' | 'abolish';

/**
 * The card's life after a loss report, as the operator drives it. Suspend: every login refused (HOLDER_SUSPENDED)
 * and every outstanding token ended at once; links kept. Reactivate: the card was found; new logins work, the ended
 * tokens stay ended. Abolish: the card is gone for good — its certificates are never accepted again (CARD_ABOLISHED)
 * and its tokens ended; the holder becomes active again so that a new card can join it (serial list) with the links.
 */
export async function changeHolder(
  store: Store,
  holderId: string,
  action: LifecycleAction,
  at: Date,
): Promise<HolderRecord> {
  const holder = await store.getHolder(holderId);
  if (holder === undefined || holder.status === 'merged') {
    throw new MadoguchiError('NOT_FOUND', 'no such holder (merged holders live on in the one they joined)');
  }
  if (action !== 'reactivate') await store.revokeSessions(holderId, at);
  if (action === 'abolish') await store.abolishCertificates(holderId, at);
  await store.setHolderStatus(holderId, action === 'suspend' ? 'suspended' : 'active');
  return (await store.getHolder(holderId))!;
}
