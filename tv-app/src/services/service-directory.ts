import type { ServiceInfo } from '@madoguchi/protocol/http/services';
import { requestJson, type Fetcher } from './http-json';

/**
 * What a service is registered for (display name, which facts from which source), read from the auth-server before
 * any PIN is asked, so the consent screen says exactly which facts go to whom.
 */
export interface ServiceDirectory {
  info(serviceId: string): Promise<ServiceInfo>;
}

export function httpServiceDirectory(
  authServerUrl: string,
  fetcher: Fetcher = (url, init) => fetch(url, init),
): ServiceDirectory {
  return {
    info: (serviceId) =>
      requestJson<ServiceInfo>(fetcher, `${authServerUrl}/v1/services/${encodeURIComponent(serviceId)}`),
  };
}
