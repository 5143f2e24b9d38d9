import { japanDate } from '../../src/domain/clock';

describe('japanDate', () => {
  it('turns the day at midnight in Japan, not at midnight UTC', () => {
    expect(japanDate(new Date('2026-03-01T14:59:59Z'))).toBe('2026-03-01');
    expect(japanDate(new Date('2026-03-01T15:00:00Z'))).toBe('2026-03-02');
  });
});
