import { pcscdAvailability } from '@madoguchi/jpki-card';

/** The stack suites need root for pcscd: skipped with the reason without it, unless CI requires them. */
const unavailable = pcscdAvailability();
export const describeStack =
  unavailable && process.env.MADOGUCHI_REQUIRE_PCSC !== '1'
    ? (name: string, fn: () => void) =>
        describe.skip(`${name} (skipped: ${unavailable}; set MADOGUCHI_REQUIRE_PCSC=1 to require)`, fn)
    : describe;
