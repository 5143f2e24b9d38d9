import { normalizeSerial } from '../verify/serial';
import type { SerialListRow } from '@madoguchi/protocol';
import type { RenewalRecord, Store } from '../store/store';

export interface ImportResult {
  rows: number;
  added: number;
  /** New certificates that had already logged in as a holder of their own, now merged into the old holder. */
  merged: number;
}

/**
 * Imports J-LIS's old→new serial list. Every row is kept (a renewed card logging in later finds its holder through
 * it); a new certificate that already has a holder of its own (it logged in before the list arrived) is merged into
 * the old certificate's holder, so that nothing the holder had is lost.
 */
export async function importSerialList(store: Store, entries: SerialListRow[]): Promise<ImportResult> {
  const rows: RenewalRecord[] = entries.map((e) => ({
    issuer: e.oldIssuer,
    oldSerial: normalizeSerial(e.oldSerial),
    newSerial: normalizeSerial(e.newSerial),
    renewedAt: new Date(e.renewedAt),
  }));
  const added = await store.addRenewals(rows);
  let merged = 0;
  for (const r of rows) {
    const [oldHolder, newHolder] = await Promise.all([
      store.findHolder({ issuer: r.issuer, serial: r.oldSerial }),
      store.findHolder({ issuer: r.issuer, serial: r.newSerial }),
    ]);
    if (oldHolder && newHolder && oldHolder.holderId !== newHolder.holderId) {
      await store.mergeHolder(newHolder.holderId, oldHolder.holderId);
      merged++;
    }
  }
  return { rows: rows.length, added, merged };
}
