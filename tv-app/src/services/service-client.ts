import type {
  ApplicationReceipt,
  BusPass,
  CheckInResponse,
  PatientLinkResponse,
  SafetyReportRequest,
  Shelter,
} from '@madoguchi/protocol/http/sample-services';
import type { AppSettings, ServiceKey } from '../settings/app-settings';
import { requestJson, type Fetcher } from './http-json';

/**
 * The one seam to the city's services (mocks/services, contract in protocol's http/sample-services): flows call
 * these and nothing else, and tests stub them. `token` is the viewer's access token for that service; `idToken` is
 * a link's ID token, the only token that carries released facts.
 */
export interface ServiceClient {
  shelters(token: string): Promise<Shelter[]>;
  reportSafety(token: string, report: SafetyReportRequest): Promise<void>;
  /** 病院, first visit (紐付け): the released facts find the patient record. */
  linkPatient(token: string, idToken: string): Promise<PatientLinkResponse>;
  checkIn(token: string): Promise<CheckInResponse>;
  /** 交通: the pass, or a NOT_FOUND refusal before one is issued. */
  busPass(token: string): Promise<BusPass>;
  issueBusPass(token: string, idToken: string): Promise<BusPass>;
  /** 行政: the signed application (CMS SignedData, base64url). */
  apply(token: string, cms: string): Promise<ApplicationReceipt>;
}

/** Each service's TV API over HTTP with the login's bearer token. */
export function httpServiceClient(
  settings: Pick<AppSettings, 'services'>,
  fetcher: Fetcher = (url, init) => fetch(url, init),
): ServiceClient {
  const call = <T>(key: ServiceKey, path: string, token: string, body?: unknown) =>
    requestJson<T>(fetcher, `${settings.services[key].url}${path}`, { token, body });
  return {
    shelters: async (token) =>
      (await call<{ shelters: Shelter[] }>('disaster', '/tv/shelters', token)).shelters,
    reportSafety: async (token, report) => {
      await call('disaster', '/tv/safety-reports', token, report);
    },
    linkPatient: (token, idToken) => call('hospital', '/tv/patient-links', token, { idToken }),
    checkIn: (token) => call('hospital', '/tv/check-ins', token, {}),
    busPass: (token) => call('transport', '/tv/bus-pass', token),
    issueBusPass: (token, idToken) => call('transport', '/tv/bus-pass', token, { idToken }),
    apply: (token, cms) => call('city', '/tv/applications', token, { cms }),
  };
}
