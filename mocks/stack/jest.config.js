const preset = require('../../jest.preset.js')(__dirname);
const { dependencies } = require('./package.json');

// The preset maps workspace imports to their sources; startStack() finds each package's built CLI (dist/) from its
// real package.json, so those resolve as Node resolves them.
const packageJsons = Object.fromEntries(
  Object.keys(dependencies).map((name) => [
    `^${name}/package\\.json$`,
    require.resolve(`${name}/package.json`, { paths: [__dirname] }),
  ]),
);

module.exports = { ...preset, moduleNameMapper: { ...packageJsons, ...preset.moduleNameMapper } };
