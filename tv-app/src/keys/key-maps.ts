/**
 * keyCode → handler name (`_handle${name}`), per box model. Digits all map to `Digit` and screens read the digit from
 * the keyCode, so the top-row (48–57) and numpad (96–105) codes behave the same.
 */
export type KeyName =
  | 'Up'
  | 'Down'
  | 'Left'
  | 'Right'
  | 'Enter'
  | 'Back'
  | 'Digit'
  | 'Red'
  | 'Green'
  | 'Yellow'
  | 'Blue'
  | 'Repeat';
export type KeyMap = Record<number, KeyName>;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const COMMON: KeyMap = {
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  13: 'Enter',
  403: 'Red',
  404: 'Green',
  405: 'Yellow',
  406: 'Blue',
  // Info (457) repeats the speech; `I` does the same on a keyboard during development.
  457: 'Repeat',
  73: 'Repeat',
  ...Object.fromEntries([...range(48, 57), ...range(96, 105)].map((code) => [code, 'Digit' as const])),
};

export const BOX_MODELS = {
  /** Any box: every known Back code. */
  generic: { ...COMMON, 8: 'Back', 461: 'Back', 10009: 'Back', 27: 'Back' },
  webos: { ...COMMON, 461: 'Back', 8: 'Back' },
  tizen: { ...COMMON, 10009: 'Back', 8: 'Back' },
  'sony-bravia': { ...COMMON, 8: 'Back' },
} satisfies Record<string, KeyMap>;
export type BoxModel = keyof typeof BOX_MODELS;

export function isBoxModel(value: unknown): value is BoxModel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(BOX_MODELS, value);
}

/** The digit a Digit key stands for. */
export function digitOf(keyCode: number): number {
  return keyCode >= 96 ? keyCode - 96 : keyCode - 48;
}
