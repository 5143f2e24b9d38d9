/**
 * Default validity periods. J-LIS: an end-entity certificate runs until the holder's 5th birthday after issue
 * (jpki.md §2). Simplifications, documented in the README: the birthday is a calendar day in Japan (UTC+9) and the
 * certificate ends at 23:59:59 JST on it; 29 February counts as 28 February in common years; the card's own expiry
 * is not modelled. Without a date of birth the certificate runs 5 years; roots run 10 years.
 */
export const ROOT_VALIDITY_YEARS = 10;
export const HOLDER_VALIDITY_YEARS = 5;

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Drops milliseconds: certificate and CRL times have whole seconds, and records must match them. */
export const wholeSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** The same wall-clock time `years` later (UTC), clamping 29 February to the 28th. */
export function addYears(date: Date, years: number): Date {
  const year = date.getUTCFullYear() + years;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, date.getUTCMonth()));
  return new Date(
    Date.UTC(year, date.getUTCMonth(), day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()),
  );
}

/** notAfter for an end-entity certificate issued at `notBefore` to a holder born on `dateOfBirth` (YYYYMMDD). */
export function holderNotAfter(notBefore: Date, dateOfBirth?: string): Date {
  if (dateOfBirth === undefined) return addYears(notBefore, HOLDER_VALIDITY_YEARS);
  const month = Number(dateOfBirth.slice(4, 6)) - 1;
  const day = Number(dateOfBirth.slice(6, 8));
  const issueDay = new Date(notBefore.getTime() + JST_OFFSET_MS);
  const birthdayIn = (year: number) => Date.UTC(year, month, Math.min(day, daysInMonth(year, month)));
  const issueYear = issueDay.getUTCFullYear();
  const startOfIssueDay = Date.UTC(issueYear, issueDay.getUTCMonth(), issueDay.getUTCDate());
  const firstYear = birthdayIn(issueYear) > startOfIssueDay ? issueYear : issueYear + 1;
  const fifthYear = firstYear + HOLDER_VALIDITY_YEARS - 1;
  const endOfBirthdayJst = birthdayIn(fifthYear) + 24 * 60 * 60 * 1000 - 1000;
  return new Date(endOfBirthdayJst - JST_OFFSET_MS);
}

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
