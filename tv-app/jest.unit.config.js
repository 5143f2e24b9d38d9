// Unit tests: screen logic and focus in jsdom with a mocked canvas (Lightning's canvas2d renderer, no autostart).
// ts-jest also turns the ESM-only Lightning packages into CommonJS (allowJs), so no Babel set-up is needed.
const path = require('node:path');
const preset = require('../jest.preset.js')(__dirname);

module.exports = {
  ...preset,
  displayName: 'tv-app unit',
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test/unit'],
  setupFiles: ['jest-canvas-mock'],
  transform: {
    '^.+\\.[tj]s$': [
      'ts-jest',
      {
        tsconfig: { ...require('./test/tsconfig.json').compilerOptions, allowJs: true, module: 'commonjs' },
        diagnostics: false,
      },
    ],
  },
  // pnpm keeps packages under node_modules/.pnpm/<name>/node_modules/<name>: transform the Lightning ones there too.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/[^/]+/node_modules/)?@lightningjs/)'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@lightningjs/core$': path.join(__dirname, 'node_modules/@lightningjs/core/dist/lightning.js'),
  },
};
