import { Type, type Static } from '@sinclair/typebox';
import { ErrorCodeSchema } from '../errors';
import { Base64UrlSchema } from './common';

/**
 * The TV-facing API of the four sample services (mocks/services). Every call carries the viewer's access token for
 * that service (`Authorization: Bearer …`); calls that use released facts also carry the link's ID token, the only
 * token that holds them. Staff and terminal routes are the city's own.
 */

/** A link's ID token, handed on by the TV right after the viewer consented (POST /v1/links). */
export const IdTokenRequestSchema = Type.Object(
  { idToken: Type.String({ minLength: 1, maxLength: 8192 }) },
  { $id: 'IdTokenRequest', additionalProperties: false },
);
export type IdTokenRequest = Static<typeof IdTokenRequestSchema>;

// ── 行政 city hall ──────────────────────────────────────────────────────────────────────────────────────────────

/** The document the card signs (UTF-8 JSON inside the CMS SignedData): an application for 住民票の写し. */
export const ResidenceCertificateApplicationSchema = Type.Object(
  {
    kind: Type.Literal('residence-certificate-copy'),
    copies: Type.Integer({ minimum: 1, maximum: 10 }),
    /** 世帯全員 or 本人のみ. */
    scope: Type.Union([Type.Literal('self'), Type.Literal('household')]),
    purpose: Type.String({ maxLength: 200 }),
  },
  { $id: 'ResidenceCertificateApplication', additionalProperties: false },
);
export type ResidenceCertificateApplication = Static<typeof ResidenceCertificateApplicationSchema>;

/** POST /tv/applications: the CMS SignedData (DER, base64url) made with the card's signature key. */
export const ApplicationRequestSchema = Type.Object(
  { cms: Type.String({ ...Base64UrlSchema, minLength: 1, maxLength: 400_000 }) },
  { $id: 'ApplicationRequest', additionalProperties: false },
);
export type ApplicationRequest = Static<typeof ApplicationRequestSchema>;

export const ApplicationReceiptSchema = Type.Object(
  {
    applicationId: Type.String(),
    receivedAt: Type.String({ format: 'date-time' }),
    /** The signer's own claim of when they signed. */
    signedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    application: ResidenceCertificateApplicationSchema,
  },
  { $id: 'ApplicationReceipt', additionalProperties: false },
);
export type ApplicationReceipt = Static<typeof ApplicationReceiptSchema>;

// ── 防災 disaster safety ────────────────────────────────────────────────────────────────────────────────────────

export const ShelterSchema = Type.Object(
  { id: Type.String(), name: Type.String() },
  { $id: 'Shelter', additionalProperties: false },
);
export type Shelter = Static<typeof ShelterSchema>;

/** GET /tv/shelters. */
export const SheltersResponseSchema = Type.Object(
  { shelters: Type.Array(ShelterSchema) },
  { $id: 'SheltersResponse', additionalProperties: false },
);
export type SheltersResponse = Static<typeof SheltersResponseSchema>;

export const SafetyStatusSchema = Type.Union([Type.Literal('safe'), Type.Literal('help')], {
  $id: 'SafetyStatus',
});
export type SafetyStatus = Static<typeof SafetyStatusSchema>;

/** POST /tv/safety-reports: 「無事です」(safe) or 「助けが必要です」(help), at `home` or a shelter (its id or name). */
export const SafetyReportRequestSchema = Type.Object(
  { status: SafetyStatusSchema, place: Type.String({ minLength: 1, maxLength: 100 }) },
  { $id: 'SafetyReportRequest', additionalProperties: false },
);
export type SafetyReportRequest = Static<typeof SafetyReportRequestSchema>;

export const SafetyReportSchema = Type.Object(
  {
    /** The resident, by the pairwise subject the city knows them by. */
    resident: Type.String(),
    status: SafetyStatusSchema,
    /** `home`, or the shelter's id. */
    place: Type.String(),
    placeName: Type.String(),
    reportedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SafetyReport', additionalProperties: false },
);
export type SafetyReport = Static<typeof SafetyReportSchema>;

/** GET /staff/safety-reports: the latest report of each resident, those needing help first. */
export const SafetyListSchema = Type.Object(
  { reports: Type.Array(SafetyReportSchema) },
  { $id: 'SafetyList', additionalProperties: false },
);
export type SafetyList = Static<typeof SafetyListSchema>;

// ── 病院 hospital ───────────────────────────────────────────────────────────────────────────────────────────────

/** POST /tv/patient-links (body IdTokenRequest): the card is linked to the patient record the facts find. */
export const PatientLinkResponseSchema = Type.Object(
  { patientNumber: Type.String(), relinked: Type.Boolean() },
  { $id: 'PatientLinkResponse', additionalProperties: false },
);
export type PatientLinkResponse = Static<typeof PatientLinkResponseSchema>;

/** POST /tv/check-ins (empty body). */
export const CheckInResponseSchema = Type.Object(
  { queueNumber: Type.Integer({ minimum: 1 }) },
  { $id: 'CheckInResponse', additionalProperties: false },
);
export type CheckInResponse = Static<typeof CheckInResponseSchema>;

// ── 交通 transport ──────────────────────────────────────────────────────────────────────────────────────────────

/** POST /tv/bus-pass (body IdTokenRequest, issued once) and GET /tv/bus-pass (shown). */
export const BusPassSchema = Type.Object(
  {
    /** What the bus terminal reads (QR code); random, says nothing about the holder. */
    passId: Type.String(),
    /** YYYY-MM-DD, the last day it is valid. */
    validUntil: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  },
  { $id: 'BusPass', additionalProperties: false },
);
export type BusPass = Static<typeof BusPassSchema>;

/** GET /terminal/passes/:passId — a bus terminal's check. `code` says why a pass is not valid. */
export const PassCheckSchema = Type.Object(
  {
    valid: Type.Boolean(),
    validUntil: Type.Union([Type.String(), Type.Null()]),
    code: Type.Union([ErrorCodeSchema, Type.Null()]),
  },
  { $id: 'PassCheck', additionalProperties: false },
);
export type PassCheck = Static<typeof PassCheckSchema>;
