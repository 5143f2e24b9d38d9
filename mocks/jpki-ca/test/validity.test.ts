import { holderNotAfter } from '../src';
import { addYears, wholeSeconds } from '../src/validity';

const at = (iso: string) => new Date(iso);

describe('holderNotAfter', () => {
  it('ends at 23:59:59 JST on the 5th birthday after issue', () => {
    expect(holderNotAfter(at('2025-04-01T00:00:00Z'), '19500315').toISOString()).toBe(
      '2030-03-15T14:59:59.000Z',
    );
    expect(holderNotAfter(at('2025-03-01T00:00:00Z'), '19500315').toISOString()).toBe(
      '2029-03-15T14:59:59.000Z',
    );
  });

  it('does not count a birthday on the day of issue, judged in Japan time', () => {
    // 2025-03-14T16:00Z is already 15 March in Japan: that birthday is the issue day, so it does not count.
    expect(holderNotAfter(at('2025-03-14T16:00:00Z'), '19500315').toISOString()).toBe(
      '2030-03-15T14:59:59.000Z',
    );
    // 2025-03-14T14:00Z is still 14 March in Japan: the next day's birthday is the first one.
    expect(holderNotAfter(at('2025-03-14T14:00:00Z'), '19500315').toISOString()).toBe(
      '2029-03-15T14:59:59.000Z',
    );
  });

  it('counts 29 February as 28 February in common years', () => {
    expect(holderNotAfter(at('2025-04-01T00:00:00Z'), '20000229').toISOString()).toBe(
      '2030-02-28T14:59:59.000Z',
    );
    expect(holderNotAfter(at('2023-04-01T00:00:00Z'), '20000229').toISOString()).toBe(
      '2028-02-29T14:59:59.000Z',
    );
  });

  it('runs 5 years without a date of birth', () => {
    expect(holderNotAfter(at('2025-04-01T09:30:00Z')).toISOString()).toBe('2030-04-01T09:30:00.000Z');
  });
});

describe('addYears and wholeSeconds', () => {
  it('keep the wall-clock time and clamp 29 February', () => {
    expect(addYears(at('2024-02-29T12:00:00Z'), 10).toISOString()).toBe('2034-02-28T12:00:00.000Z');
    expect(addYears(at('2024-02-29T12:00:00Z'), 4).toISOString()).toBe('2028-02-29T12:00:00.000Z');
  });

  it('drops milliseconds, which certificates cannot carry', () => {
    expect(wholeSeconds(at('2025-04-01T00:00:00.999Z')).toISOString()).toBe('2025-04-01T00:00:00.000Z');
  });
});
