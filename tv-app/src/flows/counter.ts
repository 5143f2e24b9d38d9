import type { ProgressStep } from '@madoguchi/protocol/messages/progress';
import type { OperationRequest, OperationResult } from '../flow/operation-flow';
import type { MessageParams } from '../screens/Message';
import type { ServiceClient } from '../services/service-client';
import type { ServiceDirectory } from '../services/service-directory';
import type { ServiceKey } from '../settings/app-settings';

/** What a service's flow may ask of the app: card operations, one-decision screens, and the services' clients. */
export interface Counter {
  readonly services: ServiceClient;
  readonly directory: ServiceDirectory;
  /** The auth-server's id of one of the four services (settings.json). */
  serviceId(key: ServiceKey): string;
  /** A card operation with its own screens (card → PIN → progress); undefined if the viewer left or it failed. */
  cardOperation(request: OperationRequest): Promise<OperationResult | undefined>;
  /** Shows a one-decision screen; `replace` drops the current one from Back's history (a finished step). */
  show(params: MessageParams, mode?: 'push' | 'replace'): void;
  progress(step: ProgressStep): void;
  /** A service refused or did not answer: the refusal's own plain sentence and next step, and the way home. */
  failed(error: unknown): void;
  home(): void;
}
