import type { ProgressStep } from '@madoguchi/protocol/messages/progress';
import type { OperationRequest, OperationResult } from '../flow/operation-flow';
import type { MessageParams } from '../screens/Message';
import type { ServiceClient } from '../services/service-client';
import type { ServiceKey } from '../settings/app-settings';

/** What a service's flow may ask of the app: card operations, one-decision screens, and the services' client. */
export interface Counter {
  readonly services: ServiceClient;
  /** Logs in to a service with the card (card → PIN → progress); undefined if the viewer left or it failed. */
  login(key: ServiceKey): Promise<string | undefined>;
  cardOperation(request: OperationRequest): Promise<OperationResult | undefined>;
  /** Shows a one-decision screen; `replace` drops the current one from Back's history (a finished step). */
  show(params: MessageParams, mode?: 'push' | 'replace'): void;
  progress(step: ProgressStep): void;
  /** A service call failed: say so plainly and offer the way home. */
  serviceFailed(): void;
  home(): void;
}
