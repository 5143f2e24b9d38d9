import type { FactName, FactsSource } from '@madoguchi/protocol';

export const SERVICE_NAMES = ['city-hall', 'disaster', 'hospital', 'transport'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One entry of the auth-server's `services` config (auth-server/README.md, docs/operators-services.md). */
export interface Registration {
  id: string;
  name: string;
  assurance: 'auth' | 'sign';
  recentLoginSeconds: number;
  facts: { allowed: FactName[]; sources: FactsSource[] };
  verifySignatures: boolean;
}

/**
 * What the operator registers for the four sample services: each may receive only the facts its purpose needs,
 * from the sources it trusts; only 防災 lets a recent PIN login be reused. README.md shows the same as JSON.
 */
export const REGISTRATIONS: Record<ServiceName, Registration> = {
  // 行政: J-LIS's word on every fact (sign-cert), and signed applications verified by the platform.
  'city-hall': {
    id: 'gyosei',
    name: '美波町役場',
    assurance: 'auth',
    recentLoginSeconds: 0,
    facts: { allowed: ['name', 'address', 'dateOfBirth', 'sex'], sources: ['sign-cert'] },
    verifySignatures: true,
  },
  // 防災: no facts at all; a safety report within 30 minutes of any PIN login on the box needs no new PIN.
  disaster: {
    id: 'bosai',
    name: '美波町防災',
    assurance: 'auth',
    recentLoginSeconds: 1800,
    facts: { allowed: [], sources: ['card-info'] },
    verifySignatures: false,
  },
  // 病院: enough to find the patient record; the card-info AP (4-digit PIN) or the signature certificate.
  hospital: {
    id: 'byoin',
    name: '美波病院',
    assurance: 'auth',
    recentLoginSeconds: 0,
    facts: { allowed: ['name', 'dateOfBirth', 'sex'], sources: ['card-info', 'sign-cert'] },
    verifySignatures: false,
  },
  // 交通: the date of birth only, to decide the 敬老パス.
  transport: {
    id: 'kotsu',
    name: '美波バス',
    assurance: 'auth',
    recentLoginSeconds: 0,
    facts: { allowed: ['dateOfBirth'], sources: ['card-info'] },
    verifySignatures: false,
  },
};
