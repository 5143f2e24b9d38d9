// One Jest set-up for every package: TypeScript through ts-jest (transpile only; `tsc -b` does the type check),
// and workspace imports mapped to their sources so tests never run against a stale dist/.
const path = require('node:path');

const root = __dirname;
const workspace = {
  '@madoguchi/protocol': 'protocol',
  '@madoguchi/jpki-ca': 'mocks/jpki-ca',
  '@madoguchi/jpki-card': 'mocks/jpki-card',
  '@madoguchi/reader-bridge': 'reader-bridge',
  '@madoguchi/auth-server': 'auth-server',
};

/** @param {string} dir the package directory */
module.exports = function preset(dir) {
  return {
    displayName: path.relative(root, dir),
    rootDir: dir,
    testEnvironment: 'node',
    roots: ['<rootDir>/src', '<rootDir>/test'].filter((r) =>
      require('node:fs').existsSync(r.replace('<rootDir>', dir)),
    ),
    testMatch: ['**/*.test.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(dir, 'tsconfig.json'), diagnostics: false }],
    },
    moduleNameMapper: Object.fromEntries(
      Object.entries(workspace).flatMap(([name, rel]) => [
        [`^${name}$`, path.join(root, rel, 'src/index.ts')],
        [`^${name}/(.*)$`, path.join(root, rel, 'src/$1')],
      ]),
    ),
  };
};
