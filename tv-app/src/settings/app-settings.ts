import { isBoxModel, type BoxModel } from '../keys/key-maps';

/** settings.json, served beside the bundle: where the bridge and the city's services are, and which box this is. */
export interface AppSettings {
  bridgeUrl: string;
  /** The operator's auth-server: services' registrations for the consent screens (GET /v1/services/:id). */
  authServerUrl: string;
  boxModel: BoxModel;
  /** Base URL of each service's TV API, by service id. */
  services: Record<ServiceKey, { serviceId: string; url: string }>;
  /** Exposes the app on `window.madoguchi` for the end-to-end tests. */
  testHooks: boolean;
}

export const SERVICE_KEYS = ['disaster', 'city', 'hospital', 'transport'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

/** Checks the file's shape and names the bad key, so a mistyped box set-up is found at start, not mid-procedure. */
export function parseAppSettings(value: unknown): AppSettings {
  const fail = (key: string, why: string): never => {
    throw new Error(`settings.json: ${key} ${why}`);
  };
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.bridgeUrl !== 'string' || !/^wss?:\/\//.test(v.bridgeUrl))
    fail('bridgeUrl', 'must be a ws:// URL');
  if (typeof v.authServerUrl !== 'string' || !/^https?:\/\//.test(v.authServerUrl))
    fail('authServerUrl', 'must be an http(s):// URL');
  const boxModel = v.boxModel ?? 'generic';
  if (!isBoxModel(boxModel)) fail('boxModel', `is not a known box model (${String(boxModel)})`);
  const services = (v.services ?? {}) as Record<string, { serviceId?: unknown; url?: unknown }>;
  for (const key of SERVICE_KEYS) {
    const s = services[key];
    if (!s || typeof s.url !== 'string' || typeof s.serviceId !== 'string')
      fail(`services.${key}`, 'needs serviceId and url');
  }
  return {
    bridgeUrl: v.bridgeUrl as string,
    authServerUrl: (v.authServerUrl as string).replace(/\/$/, ''),
    boxModel: boxModel as BoxModel,
    services: services as AppSettings['services'],
    testHooks: v.testHooks === true,
  };
}
