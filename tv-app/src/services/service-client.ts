import type { AppSettings, ServiceKey } from '../settings/app-settings';

/**
 * The one seam to the city's services: the screens call these and nothing else, so the real services (built
 * elsewhere) plug in by implementing this interface, and tests stub it.
 */
export interface ServiceClient {
  shelters(token: string): Promise<{ id: string; name: string }[]>;
  reportSafety(token: string, report: { status: 'safe' | 'help'; place: string }): Promise<void>;
  checkIn(token: string): Promise<{ queueNumber: number }>;
  busPass(token: string): Promise<{ validUntil: string }>;
}

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
}

/** Each service's TV API over HTTP with the login's bearer token. */
export function httpServiceClient(
  settings: AppSettings,
  fetcher: typeof fetch = (...a) => fetch(...a),
): ServiceClient {
  async function call<T>(key: ServiceKey, path: string, token: string, body?: unknown): Promise<T> {
    const res = await fetcher(`${settings.services[key].url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new ServiceError(`${key}${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }
  return {
    shelters: async (token) =>
      (await call<{ shelters: { id: string; name: string }[] }>('disaster', '/tv/shelters', token)).shelters,
    reportSafety: async (token, report) => {
      await call('disaster', '/tv/safety-reports', token, report);
    },
    checkIn: (token) => call('hospital', '/tv/check-ins', token, {}),
    busPass: (token) => call('transport', '/tv/bus-pass', token),
  };
}
