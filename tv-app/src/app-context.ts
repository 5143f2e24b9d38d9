import type Announcer from './voice/Announcer';
import type BridgeClient from './bridge/BridgeClient';
import type { ServiceClient } from './services/service-client';
import type { ServiceDirectory } from './services/service-directory';
import type { AppSettings } from './settings/app-settings';

/** What the entry point wires in before Launch (the App has no constructor arguments); tests wire fakes. */
export interface AppContext {
  settings: AppSettings;
  announcer: Announcer;
  services: ServiceClient;
  directory: ServiceDirectory;
  createBridge(events: ConstructorParameters<typeof BridgeClient>[1]): BridgeClient;
}

let context: AppContext | undefined;

export function setAppContext(value: AppContext): void {
  context = value;
}

export function appContext(): AppContext {
  if (!context) throw new Error('app context not set: call setAppContext before Launch');
  return context;
}
