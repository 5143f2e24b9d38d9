import { MadoguchiError, OID } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificatePolicies, id_ce_certificatePolicies } from '@peculiar/asn1-x509';
import type { KeyKind } from './key-kind';
import { attempt, memoized, type Parsed } from './memo';
import type { ParsedCertificate } from './parse-certificate';

/** The JPKI policies each key kind may carry (jpki.md §2); the sign test policy is what the test CA issues. */
const ACCEPTED_POLICIES: Record<KeyKind, readonly string[]> = {
  auth: [OID.POLICY_AUTH],
  sign: [OID.POLICY_SIGN, OID.POLICY_SIGN_TEST],
};

const policiesOf = new WeakMap<ParsedCertificate, Parsed<readonly string[]>>();

/** The certificate's policy identifiers (none without the extension), parsed once per certificate. */
const certificatePolicies = (cert: ParsedCertificate): Parsed<readonly string[]> =>
  memoized(policiesOf, cert, (c) =>
    attempt(() => {
      const ext = c.asn.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_certificatePolicies);
      return ext === undefined
        ? []
        : AsnConvert.parse(ext.extnValue, CertificatePolicies).map((p) => p.policyIdentifier);
    }),
  );

/** Step 4b: certificatePolicies names the JPKI policy of this key kind, or CERT_POLICY. */
export function verifyPolicy(cert: ParsedCertificate, keyKind: KeyKind): void {
  const policies = certificatePolicies(cert);
  if (!policies.ok) {
    throw new MadoguchiError('CERT_POLICY', 'the certificatePolicies extension does not parse', {
      cause: policies.cause,
    });
  }
  if (!policies.value.some((p) => ACCEPTED_POLICIES[keyKind].includes(p))) {
    throw new MadoguchiError('CERT_POLICY', `the certificate does not carry the JPKI ${keyKind} policy`);
  }
}
