import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ErrorBodySchema, type ErrorCode } from '@madoguchi/protocol/errors';
import {
  ApplicationReceiptSchema,
  ApplicationRequestSchema,
  BusPassSchema,
  CheckInResponseSchema,
  IdTokenRequestSchema,
  PatientLinkResponseSchema,
  ResidenceCertificateApplicationSchema,
  SafetyReportRequestSchema,
  SheltersResponseSchema,
  type BusPass,
} from '@madoguchi/protocol/http/sample-services';
import { ServiceInfoSchema, type ServiceInfo } from '@madoguchi/protocol/http/services';
import { REGISTRATIONS } from '../../../mocks/services/src/registrations';

export interface ServiceCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** The settings.json keys of the four services → their registrations in mocks/services. */
export const REGISTRATION_OF = {
  city: REGISTRATIONS['city-hall'],
  disaster: REGISTRATIONS.disaster,
  hospital: REGISTRATIONS.hospital,
  transport: REGISTRATIONS.transport,
} as const;

// As the services' fastify (ajv-formats) checks it.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));

const refusal = (code: ErrorCode, status: number): Answer => ({
  status,
  body: { code, message: code.toLowerCase() },
});

/**
 * Stand-ins for the four services' TV routes (mocks/services) and the auth-server's public registration route, as
 * one stateful "city". Every request body and every answer is checked against protocol's schemas, so the stubs
 * cannot drift from the contract the real services implement; a request off the contract fails the test.
 */
export class FakeCity {
  readonly calls: ServiceCall[] = [];
  /** The hospital has matched this resident's card to a patient record. */
  patientLinked = true;
  /** The transport service issued a pass to this resident. */
  pass: BusPass | undefined = { passId: 'pass-7f3a', validUntil: '2027-03-31' };
  eligible = true;
  /** A refusal to give instead of the answer, by "METHOD /path". */
  readonly refuse = new Map<string, ErrorCode>();
  /** Requests or answers off the contract; every test expects none. */
  readonly problems: string[] = [];

  /** Answers `/svc/<key>/…` (a service) and `/auth/v1/services/:id` (the auth-server); undefined for other paths. */
  handle(call: ServiceCall): Answer | undefined {
    const route = `${call.method} ${call.path}`;
    if (!/^\/(svc|auth)\//.test(call.path)) return undefined;
    this.calls.push(call);
    const refused = this.refuse.get(route);
    if (refused) return this.checked(refusal(refused, 403), ErrorBodySchema);
    switch (route) {
      case 'GET /svc/disaster/tv/shelters':
        return this.checked(
          { status: 200, body: { shelters: [{ id: 'school-1', name: '第一小学校' }] } },
          SheltersResponseSchema,
        );
      case 'POST /svc/disaster/tv/safety-reports':
        this.expect(SafetyReportRequestSchema, call.body);
        return { status: 201, body: {} };
      case 'POST /svc/hospital/tv/patient-links':
        this.expect(IdTokenRequestSchema, call.body);
        this.patientLinked = true;
        return this.checked(
          { status: 200, body: { patientNumber: 'P-000123', relinked: false } },
          PatientLinkResponseSchema,
        );
      case 'POST /svc/hospital/tv/check-ins':
        if (!this.patientLinked) return refusal('LINK_REQUIRED', 403);
        return this.checked({ status: 200, body: { queueNumber: 12 } }, CheckInResponseSchema);
      case 'GET /svc/transport/tv/bus-pass':
        return this.pass
          ? this.checked({ status: 200, body: this.pass }, BusPassSchema)
          : refusal('NOT_FOUND', 404);
      case 'POST /svc/transport/tv/bus-pass':
        this.expect(IdTokenRequestSchema, call.body);
        if (!this.eligible) return refusal('NOT_ELIGIBLE', 403);
        this.pass ??= { passId: 'pass-new-91c2', validUntil: '2027-05-31' };
        return this.checked({ status: 200, body: this.pass }, BusPassSchema);
      case 'POST /svc/city/tv/applications':
        return this.application(call.body);
      default:
        return this.registration(call.path) ?? refusal('NOT_FOUND', 404);
    }
  }

  /** The fake bridge's "CMS" is the signed document itself (base64url), so the receipt can echo what was signed. */
  private application(body: unknown): Answer {
    this.expect(ApplicationRequestSchema, body);
    const document: unknown = JSON.parse(
      Buffer.from((body as { cms: string }).cms, 'base64url').toString('utf8'),
    );
    this.expect(ResidenceCertificateApplicationSchema, document);
    return this.checked(
      {
        status: 201,
        body: {
          applicationId: 'A-2026-0042',
          receivedAt: '2026-05-01T01:00:00.000Z',
          signedAt: '2026-05-01T01:00:00.000Z',
          application: document,
        },
      },
      ApplicationReceiptSchema,
    );
  }

  /** GET /v1/services/:id as the auth-server answers it from the registrations in mocks/services. */
  private registration(path: string): Answer | undefined {
    const id = /^\/auth\/v1\/services\/([a-z0-9-]+)$/.exec(path)?.[1];
    const r = Object.values(REGISTRATION_OF).find((x) => x.id === id);
    if (!r) return undefined;
    const info: ServiceInfo = {
      id: r.id,
      name: r.name,
      assurance: r.assurance,
      recentLoginSeconds: r.recentLoginSeconds,
      facts: r.facts,
      redirectUris: [],
    };
    return this.checked({ status: 200, body: info }, ServiceInfoSchema);
  }

  private expect(schema: TSchema, value: unknown): void {
    if (!Value.Check(schema, value)) this.problems.push(`request off the contract: ${JSON.stringify(value)}`);
  }

  private checked(answer: Answer, schema: TSchema): Answer {
    if (!Value.Check(schema, answer.body))
      this.problems.push(`answer off the contract: ${JSON.stringify(answer)}`);
    return answer;
  }
}
