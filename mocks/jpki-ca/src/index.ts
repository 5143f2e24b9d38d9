export { createCa, openCa, DEFAULT_CRL_LIFETIME_HOURS } from './ca';
export type {
  GenerationFiles,
  IssuedCertificate,
  IssueOptions,
  PublishCrlOptions,
  PublishedCrl,
  RolloverResult,
  TestCa,
  TimeOptions,
} from './ca';
export { CA_KINDS, type CaKind } from './ca-kind';
export { basicFourAltNames, readBasicFour } from './basic-four-san';
export { REVOCATION_REASON_CODE, REVOCATION_REASONS, type RevocationReason } from './crl';
export { isJpkiCaError, JPKI_CA_ERROR_CODES, JpkiCaError, type JpkiCaErrorCode } from './errors';
export { readSerialList, SERIAL_LIST_HEADER, type SerialListRow } from './serial-list';
export {
  CaStateSchema,
  CertificateRecordSchema,
  IndexSchema,
  type CaGeneration,
  type CaState,
  type CertificateRecord,
  type CertificateStatus,
  type IndexState,
} from './state';
export { HOLDER_VALIDITY_YEARS, holderNotAfter, ROOT_VALIDITY_YEARS } from './validity';
