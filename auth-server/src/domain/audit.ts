import { isMadoguchiError, type AuditAction, type ErrorCode } from '@madoguchi/protocol';
import type { Store } from '../store/store';
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

/** Appends one decision to the audit record: the code of a refusal, null for an acceptance. Never a PIN or facts. */
export function recordDecision(
  store: Store,
  clock: Clock,
  action: AuditAction,
  ctx: DecisionContext,
  error?: unknown,
): Promise<void> {
  const code: ErrorCode | null =
    error === undefined ? null : isMadoguchiError(error) ? error.code : 'INTERNAL';
  return store.appendAudit({
    at: clock.now(),
    action,
    outcome: error === undefined ? 'accepted' : 'refused',
    code,
    ...ctx,
  });
}
