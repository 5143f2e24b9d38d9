import { MadoguchiError, type BusPass, type PassCheck } from '@madoguchi/protocol';
import type { Store } from '../store/store';
import type { Resident } from './authenticate-resident';
import { japanDate } from './clock';
import type { IdentityProvider, VerifiedToken } from './identity-provider';
import { newId } from './new-id';

/** 敬老パス: residents of this age and over. */
export const SENIOR_AGE = 70;

/** What is kept: the decision, never the date of birth. */
interface StoredPass extends BusPass {
  resident: string;
  issuedAt: string;
}

const passes = (store: Store) => store.collection<StoredPass>('passes');
const passOfResident = (store: Store) => store.collection<string>('pass-of-resident');

/** Whole years from a YYYY-MM-DD birthdate to a YYYY-MM-DD day. */
export function ageOn(birthdate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthdate.slice(0, 4));
  return day.slice(5) < birthdate.slice(5) ? years - 1 : years;
}

/** The pass's last day: a year from issue, less a day. */
function lastDay(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const shown = ({ passId, validUntil }: BusPass): BusPass => ({ passId, validUntil });

/** Issued once: the date of birth (released with consent) decides; asking again shows the same pass. */
export function issueBusPass(resident: Resident, idClaims: VerifiedToken, store: Store, now: Date): BusPass {
  const existing = passOfResident(store).get(resident.sub);
  if (existing !== undefined) return shown(passes(store).get(existing)!);
  const birthdate = idClaims.birthdate;
  if (typeof birthdate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthdate)) {
    throw new MadoguchiError('LINK_REQUIRED', 'the bus pass needs the date of birth, with consent');
  }
  const today = japanDate(now);
  if (ageOn(birthdate, today) < SENIOR_AGE) {
    throw new MadoguchiError(
      'NOT_ELIGIBLE',
      `the senior bus pass is for residents aged ${SENIOR_AGE} and over`,
    );
  }
  const pass: StoredPass = {
    passId: newId(),
    validUntil: lastDay(today),
    resident: resident.sub,
    issuedAt: now.toISOString(),
  };
  passes(store).put(pass.passId, pass);
  passOfResident(store).put(resident.sub, pass.passId);
  return shown(pass);
}

export function showBusPass(resident: Resident, store: Store): BusPass {
  const passId = passOfResident(store).get(resident.sub);
  if (passId === undefined) throw new MadoguchiError('NOT_FOUND', 'no bus pass has been issued');
  return shown(passes(store).get(passId)!);
}

/**
 * A bus terminal's check: the pass exists, is within its dates, and its holder can still use the service (the
 * subject status: a lost card or a removed link ends the pass at once).
 */
export async function checkPass(
  passId: string,
  store: Store,
  provider: IdentityProvider,
  now: Date,
): Promise<PassCheck> {
  const pass = passes(store).get(passId);
  if (!pass) return { valid: false, validUntil: null, code: 'NOT_FOUND' };
  if (pass.validUntil < japanDate(now))
    return { valid: false, validUntil: pass.validUntil, code: 'NOT_ELIGIBLE' };
  const { code } = await provider.subjectStatus(pass.resident);
  return { valid: code === null, validUntil: pass.validUntil, code };
}
