// End-to-end: the built bundle in Debian's Chromium (playwright-core), against the fake bridge. The global set-up
// builds the bundle once, so the suite never runs against a stale dist/.
const preset = require('../jest.preset.js')(__dirname);

module.exports = {
  ...preset,
  displayName: 'tv-app e2e',
  roots: ['<rootDir>/test/e2e'],
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-timeout.ts'],
};
