import { ERROR_CODES, HTTP_STATUS, isErrorCode, isMadoguchiError, MadoguchiError } from '../src/errors';

describe('errors', () => {
  it('gives every code an HTTP status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
  });
  it('carries code and tries left into the body, nothing else', () => {
    const e = new MadoguchiError('PIN_WRONG', 'wrong PIN', { triesLeft: 2 });
    expect(e.toBody()).toEqual({ code: 'PIN_WRONG', message: 'wrong PIN', triesLeft: 2 });
    expect(isMadoguchiError(e, 'PIN_WRONG')).toBe(true);
    expect(isMadoguchiError(e, 'BUSY')).toBe(false);
    expect(isErrorCode('PIN_WRONG')).toBe(true);
    expect(isErrorCode('NOPE')).toBe(false);
  });
});
