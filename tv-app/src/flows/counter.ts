import type { ProgressStep } from '@madoguchi/protocol/messages/progress';
import type { OperationRequest, OperationResult } from '../flow/operation-flow';
import type { MessageParams } from '../screens/Message';
import type { ServiceClient } from '../services/service-client';
import type { ServiceDirectory } from '../services/service-directory';
import type { ServiceKey } from '../settings/app-settings';
import type { ScreenMode } from '../screen-history';

/** What a service's flow may ask of the app: card operations, one-decision screens, and the services' clients. */
export interface Counter {
  readonly services: ServiceClient;
  readonly directory: ServiceDirectory;
  /** The auth-server's id of one of the four services (settings.json). */
  serviceId(key: ServiceKey): string;
  /** A card operation with its own screens (card → PIN → progress); undefined if the viewer left or it failed. */
  cardOperation(request: OperationRequest): Promise<OperationResult | undefined>;
  /** How many screens Back can walk through (Home is 1): a depth to `show` a screen at later. */
  readonly depth: number;
  /**
   * Shows a one-decision screen; `replace` drops the current one from Back's history (a finished step); a depth
   * puts it in place of the screen at that depth and every one opened after it (a list shown again, updated).
   */
  show(params: MessageParams, mode?: ScreenMode): void;
  progress(step: ProgressStep): void;
  /** A service refused or did not answer: the refusal's own plain sentence and next step, and the way home. */
  failed(error: unknown): void;
  /** One step back, as the Back key does. */
  back(): void;
  home(): void;
}
