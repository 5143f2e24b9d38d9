/** Time is an input: services read it here, tests pass the auth-server's frozen clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The calendar date (YYYY-MM-DD) in Japan, where the services' days begin and end. */
export function japanDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
