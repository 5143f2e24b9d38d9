import { MadoguchiError, OID } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificatePolicies, id_ce_certificatePolicies } from '@peculiar/asn1-x509';
import type { KeyKind } from './key-kind';
import type { ParsedCertificate } from './parse-certificate';

/** The JPKI policies each key kind may carry (jpki.md §2); the sign test policy is what the test CA issues. */
const ACCEPTED_POLICIES: Record<KeyKind, readonly string[]> = {
  auth: [OID.POLICY_AUTH],
  sign: [OID.POLICY_SIGN, OID.POLICY_SIGN_TEST],
};

/** Step 4b: certificatePolicies names the JPKI policy of this key kind, or CERT_POLICY. */
export function verifyPolicy(cert: ParsedCertificate, keyKind: KeyKind): void {
  const ext = cert.asn.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_certificatePolicies);
  let policies: string[] = [];
  try {
    if (ext !== undefined)
      policies = AsnConvert.parse(ext.extnValue, CertificatePolicies).map((p) => p.policyIdentifier);
  } catch (cause) {
    throw new MadoguchiError('CERT_POLICY', 'the certificatePolicies extension does not parse', { cause });
  }
  if (!policies.some((p) => ACCEPTED_POLICIES[keyKind].includes(p))) {
    throw new MadoguchiError('CERT_POLICY', `the certificate does not carry the JPKI ${keyKind} policy`);
  }
}
