// Lets a child `node` process run the bridge's TypeScript sources directly (transpile only, as ts-jest does), so a
// test of process exit runs the code under test and never a stale dist/. Workspace packages resolve to their dist.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  module._compile(outputText, filename);
};
