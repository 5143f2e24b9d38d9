import { Value } from '@sinclair/typebox/value';
import {
  MadoguchiError,
  ResidenceCertificateApplicationSchema,
  type ApplicationReceipt,
  type BasicFour,
  type SignatureVerdict,
} from '@madoguchi/protocol';
import type { Store } from '../store/store';
import type { Resident } from './authenticate-resident';
import type { IdentityProvider } from './identity-provider';
import { newId } from './new-id';

/** An application as the city keeps it: the document exactly as verified, with the verdict and the applicant. */
export interface StoredApplication extends ApplicationReceipt {
  resident: string;
  verdict: Pick<SignatureVerdict, 'valid' | 'code' | 'checks'>;
  /** From the verified signature certificate: whom to issue the copy for and where to send it. */
  applicant: Partial<Pick<BasicFour, 'name' | 'address'>>;
}

const applications = (store: Store) => store.collection<StoredApplication>('applications');

/**
 * 住民票の写し by a signed application: the platform verifies the CMS (chain, validity, revocation at signing time
 * and now), the signer must be the resident who is logged in, and the signed document must be an application.
 * Anything else is refused with the verdict's code and nothing is kept.
 */
export async function receiveApplication(
  resident: Resident,
  cms: string,
  provider: IdentityProvider,
  store: Store,
  now: Date,
): Promise<ApplicationReceipt> {
  const verdict = await provider.verifySignature(cms);
  if (!verdict.valid) {
    throw new MadoguchiError(verdict.code ?? 'SIGNATURE_INVALID', 'the signed application did not verify');
  }
  // The verdict names the signer by our own pairwise subject only when they are linked to us.
  if (verdict.sub !== resident.sub) {
    throw new MadoguchiError(
      'SIGNATURE_INVALID',
      'the application was signed by someone other than the resident',
    );
  }
  const application = parseDocument(verdict.content);
  const receipt: ApplicationReceipt = {
    applicationId: newId(),
    receivedAt: now.toISOString(),
    signedAt: verdict.signingTime,
    application,
  };
  applications(store).put(receipt.applicationId, {
    ...receipt,
    resident: resident.sub,
    verdict: { valid: verdict.valid, code: verdict.code, checks: verdict.checks },
    applicant: {
      ...(verdict.facts?.name !== undefined ? { name: verdict.facts.name } : {}),
      ...(verdict.facts?.address !== undefined ? { address: verdict.facts.address } : {}),
    },
  });
  return receipt;
}

function parseDocument(content: string | null) {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(content ?? '', 'base64url').toString('utf8'));
  } catch {
    throw new MadoguchiError('BAD_MESSAGE', 'the signed document is not an application');
  }
  if (!Value.Check(ResidenceCertificateApplicationSchema, document)) {
    throw new MadoguchiError('BAD_MESSAGE', 'the signed document is not an application for 住民票の写し');
  }
  return document;
}

/** The resident's own applications (receipts only). */
export function applicationsOf(store: Store, sub: string): ApplicationReceipt[] {
  return applications(store)
    .list()
    .filter((a) => a.resident === sub)
    .map(({ applicationId, receivedAt, signedAt, application }) => ({
      applicationId,
      receivedAt,
      signedAt,
      application,
    }));
}

/** Everything kept, for the city's staff. */
export const allApplications = (store: Store): StoredApplication[] => applications(store).list();
