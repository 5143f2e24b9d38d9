/** The viewer's own choices, remembered on the box (localStorage) and read when each screen is built. */
export const TEXT_SCALES = [1, 1.2, 1.4] as const;
export const VOICE_RATES = [0.7, 0.85, 1] as const;

export interface Preferences {
  textScale: (typeof TEXT_SCALES)[number];
  voice: boolean;
  voiceRate: (typeof VOICE_RATES)[number];
}

/** Slower than default speech: the calmer pace suits the viewers this app is for. */
export const DEFAULT_PREFERENCES: Preferences = { textScale: 1, voice: true, voiceRate: 0.85 };
const KEY = 'madoguchi.preferences';

let current: Preferences = { ...DEFAULT_PREFERENCES };

function pick<T>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Reads stored preferences; anything unreadable falls back to the defaults rather than failing the app. */
export function loadPreferences(storage: Pick<Storage, 'getItem'> = localStorage): Preferences {
  let stored: Partial<Record<keyof Preferences, unknown>> = {};
  try {
    stored = JSON.parse(storage.getItem(KEY) ?? '{}') as typeof stored;
  } catch {
    stored = {};
  }
  current = {
    textScale: pick(TEXT_SCALES, stored.textScale, DEFAULT_PREFERENCES.textScale),
    voice: typeof stored.voice === 'boolean' ? stored.voice : DEFAULT_PREFERENCES.voice,
    voiceRate: pick(VOICE_RATES, stored.voiceRate, DEFAULT_PREFERENCES.voiceRate),
  };
  return current;
}

export function savePreferences(next: Preferences, storage: Pick<Storage, 'setItem'> = localStorage): void {
  current = { ...next };
  storage.setItem(KEY, JSON.stringify(current));
}

export function preferences(): Preferences {
  return current;
}
