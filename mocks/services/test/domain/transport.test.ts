import { ageOn } from '../../src/domain/transport';

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday itself', () => {
    expect(ageOn('1956-03-01', '2026-02-28')).toBe(69);
    expect(ageOn('1956-03-01', '2026-03-01')).toBe(70);
    expect(ageOn('1944-03-15', '2026-03-01')).toBe(81);
  });
});
