import {
  MadoguchiError,
  type SafetyReport,
  type SafetyReportRequest,
  type Shelter,
} from '@madoguchi/protocol';
import type { Store } from '../store/store';
import type { Resident } from './authenticate-resident';

/** The town's designated shelters (美波町's, as in its drills). */
export const DEFAULT_SHELTERS: readonly Shelter[] = [
  { id: 'hiwasa-es', name: '日和佐小学校' },
  { id: 'minami-gym', name: '美波町体育館' },
  { id: 'yamagawachi-cc', name: '山河内集会所' },
];

export const HOME = { id: 'home', name: '自宅' } as const;

/** Latest report per resident: a new one replaces the last. */
const reports = (store: Store) => store.collection<SafetyReport>('latest-reports');

/** `home`, a shelter's id or a shelter's name from the list; anything else is not a place the city knows. */
function resolvePlace(place: string, shelters: readonly Shelter[]): { id: string; name: string } {
  if (place === HOME.id || place === HOME.name) return HOME;
  const shelter = shelters.find((s) => s.id === place || s.name === place);
  if (!shelter) throw new MadoguchiError('BAD_MESSAGE', 'place must be home or a shelter from /tv/shelters');
  return shelter;
}

export function reportSafety(
  resident: Resident,
  request: SafetyReportRequest,
  shelters: readonly Shelter[],
  store: Store,
  now: Date,
): SafetyReport {
  const place = resolvePlace(request.place, shelters);
  const report: SafetyReport = {
    resident: resident.sub,
    status: request.status,
    place: place.id,
    placeName: place.name,
    reportedAt: now.toISOString(),
  };
  reports(store).put(resident.sub, report);
  return report;
}

/** The city's list: each resident's latest report, those needing help first, then the newest. */
export function safetyList(store: Store): SafetyReport[] {
  const urgency = (r: SafetyReport) => (r.status === 'help' ? 0 : 1);
  return reports(store)
    .list()
    .sort((a, b) => urgency(a) - urgency(b) || b.reportedAt.localeCompare(a.reportedAt));
}
