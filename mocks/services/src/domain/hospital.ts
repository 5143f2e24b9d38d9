import { claimsToFacts, MadoguchiError, type BasicFour, type PatientLinkResponse } from '@madoguchi/protocol';
import type { Store } from '../store/store';
import type { Resident } from './authenticate-resident';
import { japanDate } from './clock';
import type { VerifiedToken } from './identity-provider';

/** A patient record the hospital already has (from paper registration), and the card linked to it, if any. */
export interface Patient extends Pick<BasicFour, 'name' | 'dateOfBirth' | 'sex'> {
  patientNumber: string;
  /** The pairwise subject of the linked card; null until the patient links. */
  subject: string | null;
  /** Which release of the facts the link used (facts_version) and from where. */
  factsVersion: string | null;
  factsSource: string | null;
}

export const DEMO_PATIENTS: readonly Patient[] = [
  {
    patientNumber: 'P-000123',
    name: '窓口 花子',
    dateOfBirth: '19440315',
    sex: '2',
    subject: null,
    factsVersion: null,
    factsSource: null,
  },
];

const patients = (store: Store) => store.collection<Patient>('patients');

export function seedPatients(store: Store, records: readonly Patient[]): void {
  for (const p of records) if (!patients(store).get(p.patientNumber)) patients(store).put(p.patientNumber, p);
}

/** Names compare without regard to width or spacing (窓口 花子 = 窓口　花子). */
const sameName = (a: string, b: string) =>
  a.normalize('NFKC').replace(/\s/g, '') === b.normalize('NFKC').replace(/\s/g, '');

/**
 * 紐付け at the first visit: the released name, date of birth and sex find the one unlinked patient record. A
 * re-link (same subject, after a name change) keeps the record and takes the new facts.
 */
export function linkPatient(resident: Resident, idClaims: VerifiedToken, store: Store): PatientLinkResponse {
  const facts = claimsToFacts(idClaims);
  if (facts.name === undefined || facts.dateOfBirth === undefined || facts.sex === undefined) {
    throw new MadoguchiError(
      'LINK_REQUIRED',
      'the hospital needs the name, date of birth and sex, with consent',
    );
  }
  const released = {
    name: facts.name,
    dateOfBirth: facts.dateOfBirth,
    sex: facts.sex,
    factsVersion: typeof idClaims.facts_version === 'string' ? idClaims.facts_version : null,
    factsSource: typeof idClaims.facts_source === 'string' ? idClaims.facts_source : null,
  };
  const all = patients(store).list();
  const linked = all.find((p) => p.subject === resident.sub);
  if (linked) {
    patients(store).put(linked.patientNumber, { ...linked, ...released });
    return { patientNumber: linked.patientNumber, relinked: true };
  }
  const matches = all.filter(
    (p) =>
      p.subject === null &&
      sameName(p.name, facts.name!) &&
      p.dateOfBirth === facts.dateOfBirth &&
      p.sex === facts.sex,
  );
  // Two records matching is a case for the reception desk, never a guess.
  if (matches.length !== 1) throw new MadoguchiError('NOT_FOUND', 'no single patient record matches');
  const patient = matches[0]!;
  patients(store).put(patient.patientNumber, { ...patient, ...released, subject: resident.sub });
  return { patientNumber: patient.patientNumber, relinked: false };
}

/** A later visit: the linked patient checks in and gets the day's next queue number. */
export function checkIn(resident: Resident, store: Store, now: Date): { queueNumber: number } {
  if (
    !patients(store)
      .list()
      .some((p) => p.subject === resident.sub)
  ) {
    throw new MadoguchiError('LINK_REQUIRED', 'link the card to the patient record first');
  }
  return { queueNumber: store.increment(`queue:${japanDate(now)}`) };
}

/** For the hospital's own staff and tests. */
export const patientRecords = (store: Store): Patient[] => patients(store).list();
