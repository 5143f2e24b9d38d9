import { Launch } from '@lightningjs/sdk';
import { TextTokenizer } from '@lightningjs/core';
import App from './App';
import { setAppContext } from './app-context';
import BridgeClient from './bridge/BridgeClient';
import { BOX_MODELS } from './keys/key-maps';
import { httpServiceClient } from './services/service-client';
import { httpServiceDirectory } from './services/service-directory';
import { parseAppSettings } from './settings/app-settings';
import { loadPreferences } from './settings/preferences';
import { createJaTokenizer } from './text/ja-tokenizer';
import Announcer from './voice/Announcer';
import { SCREEN } from './theme/theme';

/** Entry point: read settings.json beside the bundle, wire the app's services, then start Lightning. */
async function start(): Promise<void> {
  const response = await fetch('settings.json', { cache: 'no-store' });
  const settings = parseAppSettings(await response.json());
  loadPreferences();
  TextTokenizer.setCustomTokenizer(createJaTokenizer(), true);
  const announcer = new Announcer();
  setAppContext({
    settings,
    announcer,
    services: httpServiceClient(settings),
    directory: httpServiceDirectory(settings.authServerUrl),
    createBridge: (events) => new BridgeClient(settings.bridgeUrl, events),
  });
  const app = Launch(
    App,
    {
      stage: { w: SCREEN.w, h: SCREEN.h, clearColor: 0xff0a1628, pauseRafLoopOnIdle: true },
      keys: BOX_MODELS[settings.boxModel],
      enablePointer: false,
      debug: false,
    },
    { showVersion: false, log: false },
  );
  document.body.appendChild(app.stage.getCanvas());
  // End-to-end tests read the element tree (text, colours, sizes) through this; it exposes nothing secret.
  if (settings.testHooks) Object.assign(window, { madoguchi: { app, announcer } });
}

start().catch((error: unknown) => {
  document.body.textContent = `まどぐち: 起動できませんでした (${String(error)})`;
});
