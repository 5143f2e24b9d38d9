import { isMadoguchiError, type AuditAction, type ErrorCode } from '@madoguchi/protocol';
import type { AuditEntry, Store } from '../store/store';
import type { Clock } from './clock';

/** What is known about a request by the time it is decided; filled in as verification proceeds. */
export interface DecisionContext {
  deviceId: string | null;
  serviceId: string | null;
  /** ParsedCertificate.holderKeyHash: never the serial itself. */
  certificateHash: string | null;
}

export const emptyDecision = (): DecisionContext => ({
  deviceId: null,
  serviceId: null,
  certificateHash: null,
});

/** One decision as an audit record: the code of a refusal, null for an acceptance. Never a PIN or facts. */
export function auditEntry(at: Date, action: AuditAction, ctx: DecisionContext, error?: unknown): AuditEntry {
  const code: ErrorCode | null =
    error === undefined ? null : isMadoguchiError(error) ? error.code : 'INTERNAL';
  return { at, action, outcome: error === undefined ? 'accepted' : 'refused', code, ...ctx };
}

/** Appends one decision to the audit record. */
export function recordDecision(
  store: Store,
  clock: Clock,
  action: AuditAction,
  ctx: DecisionContext,
  error?: unknown,
): Promise<void> {
  return store.appendAudit(auditEntry(clock.now(), action, ctx, error));
}
