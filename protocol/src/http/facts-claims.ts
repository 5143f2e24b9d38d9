import type { BasicFour } from '../card/basic-four';
import type { FactName, FactsSource } from './services';

/**
 * The released facts as OpenID standard claims in the ID token of a link (OIDC Core §5.1; the Digital Agency's API
 * names its scopes after the same claims): name, address.formatted, birthdate (YYYY-MM-DD), gender. Only the facts
 * released appear; `facts_source` says where they came from, `facts_version` identifies this version of them
 * (a keyed hash: equal facts, equal version; it reveals nothing of them).
 */
export interface FactsClaims {
  name?: string;
  address?: { formatted: string };
  birthdate?: string;
  gender?: string;
  facts_source?: FactsSource;
  facts_version?: string;
}

const GENDER: Record<BasicFour['sex'], string> = { '1': 'male', '2': 'female', '9': 'not applicable' };

export function factsToClaims(facts: Partial<BasicFour>): FactsClaims {
  return {
    ...(facts.name !== undefined ? { name: facts.name } : {}),
    ...(facts.address !== undefined ? { address: { formatted: facts.address } } : {}),
    ...(facts.dateOfBirth !== undefined
      ? { birthdate: facts.dateOfBirth.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') }
      : {}),
    ...(facts.sex !== undefined ? { gender: GENDER[facts.sex] } : {}),
  };
}

/** The facts back from an ID token's claims (what a service reads); absent or malformed claims stay absent. */
export function claimsToFacts(claims: { readonly [claim: string]: unknown }): Partial<BasicFour> {
  const c = claims as FactsClaims;
  const sex = (Object.keys(GENDER) as BasicFour['sex'][]).find((k) => GENDER[k] === c.gender);
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const name = text(c.name);
  const address = text(c.address?.formatted);
  const birthdate = text(c.birthdate);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(address !== undefined ? { address } : {}),
    ...(birthdate !== undefined ? { dateOfBirth: birthdate.replace(/-/g, '') } : {}),
    ...(sex !== undefined ? { sex } : {}),
  };
}

/** Only the named facts of `facts`: the one place a release is cut down to what was registered and consented. */
export function pickFacts(facts: BasicFour, names: readonly FactName[]): Partial<BasicFour> {
  return Object.fromEntries(names.map((n) => [n, facts[n]]));
}
