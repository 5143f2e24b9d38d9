/** Time as an input, so tests freeze it (the CMS signing time, certificate dates). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
