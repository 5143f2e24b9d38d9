import type { PinKind } from '@madoguchi/protocol';
import type { Application, CardFile } from './card-file';

/** What the card remembers between APDUs. All of it is lost on reset, power-off and re-select of an application. */
export interface AppletState {
  app: Application | undefined;
  ef: CardFile | undefined;
  readonly verified: Set<PinKind>;
}

export function createAppletState(): AppletState {
  return { app: undefined, ef: undefined, verified: new Set() };
}

/** Makes `app` current (undefined: none, as after reset) with no EF selected and no PIN verified. */
export function enterApplication(state: AppletState, app: Application | undefined): void {
  state.app = app;
  state.ef = undefined;
  state.verified.clear();
}
