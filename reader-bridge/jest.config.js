const preset = require('../jest.preset.js')(__dirname);

// The standard virtual cards (test CA, 14 profiles) are issued once per run, not once per test file.
module.exports = {
  ...preset,
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
};
