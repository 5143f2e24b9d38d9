import { checkIn, DEMO_PATIENTS, linkPatient, patientRecords, seedPatients } from '../../src/domain/hospital';
import type { VerifiedToken } from '../../src/domain/identity-provider';
import { memoryStore } from '../../src/store/memory-store';

const claims = (sub: string, name: string): VerifiedToken => ({
  sub,
  acr: 'auth',
  auth_time: 0,
  name,
  birthdate: '1944-03-15',
  gender: 'female',
  facts_source: 'card-info',
  facts_version: 'v1',
});
const resident = (sub: string) => ({ sub, acr: 'auth', authTime: new Date(0) });

describe('linkPatient', () => {
  it('matches a name written with a full-width space, once; the same subject re-links in place', () => {
    const store = memoryStore();
    seedPatients(store, DEMO_PATIENTS);
    expect(linkPatient(resident('s1'), claims('s1', '窓口　花子'), store)).toEqual({
      patientNumber: 'P-000123',
      relinked: false,
    });
    // Another card with the same facts finds no unlinked record.
    expect(() => linkPatient(resident('s2'), claims('s2', '窓口 花子'), store)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(linkPatient(resident('s1'), claims('s1', '美波 花子'), store).relinked).toBe(true);
    expect(patientRecords(store)).toEqual([expect.objectContaining({ name: '美波 花子', subject: 's1' })]);
  });

  it('never guesses between two matching records', () => {
    const store = memoryStore();
    seedPatients(store, [DEMO_PATIENTS[0]!, { ...DEMO_PATIENTS[0]!, patientNumber: 'P-000999' }]);
    expect(() => linkPatient(resident('s1'), claims('s1', '窓口 花子'), store)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => checkIn(resident('s1'), store, new Date())).toThrow(
      expect.objectContaining({ code: 'LINK_REQUIRED' }),
    );
  });
});
