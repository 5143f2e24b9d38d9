// Every package's tests in one run: `pnpm jest` (or `npm test` for the full suite with set-up).
module.exports = {
  projects: [
    '<rootDir>/protocol',
    '<rootDir>/mocks/jpki-ca',
    '<rootDir>/mocks/jpki-card',
    '<rootDir>/mocks/services',
    '<rootDir>/mocks/stack',
    '<rootDir>/reader-bridge',
    '<rootDir>/auth-server',
    '<rootDir>/tv-app/jest.unit.config.js',
    '<rootDir>/tv-app/jest.e2e.config.js',
    '<rootDir>/scripts',
  ],
};
