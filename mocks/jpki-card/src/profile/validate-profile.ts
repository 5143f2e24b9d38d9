import { readCardKey } from '../domain/rsa-key';
import { CardProfileSchema, type CardProfile } from './card-profile';
import { checkValue, configInvalid } from './config-file';

/** The keys a holder of 15 or over has and a younger holder lacks: all three or none. */
const SIGN_KEYS = ['signCert', 'signKey', 'signPin'] as const;

/**
 * Checks a parsed profile: the schema first, then what a schema cannot say (the sign trio comes whole, keys are
 * RSA-2048). Throws MadoguchiError CONFIG_INVALID naming `source` and the key.
 */
export function validateProfile(value: unknown, source = 'profile'): CardProfile {
  const profile = checkValue(CardProfileSchema, value, source);
  const present = SIGN_KEYS.filter((key) => profile.jpki[key] !== undefined);
  const missing = SIGN_KEYS.find((key) => profile.jpki[key] === undefined);
  if (present.length > 0 && missing !== undefined) {
    throw configInvalid(
      source,
      `jpki.${missing}`,
      `required with jpki.${present.join(', jpki.')} (or leave out all three)`,
    );
  }
  checkKey(profile.jpki.authKey, 'jpki.authKey', source);
  if (profile.jpki.signKey !== undefined) checkKey(profile.jpki.signKey, 'jpki.signKey', source);
  return profile;
}

function checkKey(pem: string, key: string, source: string): void {
  try {
    readCardKey(pem);
  } catch (cause) {
    throw configInvalid(source, key, (cause as Error).message, cause);
  }
}
