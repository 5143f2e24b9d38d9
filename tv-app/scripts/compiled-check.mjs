// An esbuild plugin: src/bridge/bridge-message-check.ts becomes the protocol's BridgeMessage check compiled ahead of
// time by TypeBox (plain JavaScript, no TypeBox at run time). The code is generated from protocol/ on every build,
// so it cannot drift from the schema.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** TypeCompiler.Code for protocol's BridgeMessageSchema: a function body that returns `check(value)`. */
async function bridgeMessageCheckCode(root) {
  const generator = await build({
    stdin: {
      contents: `import { TypeCompiler } from '@sinclair/typebox/compiler';
import { BridgeMessageSchema } from '@madoguchi/protocol/messages/index';
export const code = TypeCompiler.Code(BridgeMessageSchema, [], { language: 'javascript' });`,
      resolveDir: path.join(root, 'src'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', generator.outputFiles[0].text)(
    module,
    module.exports,
    require,
  );
  return module.exports.code;
}

export function compiledBridgeCheck(root) {
  const file = path.join(root, 'src/bridge/bridge-message-check.ts');
  return {
    name: 'compiled-bridge-check',
    setup(b) {
      b.onLoad({ filter: /bridge-message-check\.ts$/ }, async (args) => {
        if (args.path !== file) return undefined;
        const code = await bridgeMessageCheckCode(root);
        return {
          contents: `const check = (function () {\n${code}\n})();\nexport function isBridgeMessage(value) {\n  return check(value);\n}\n`,
          loader: 'js',
        };
      });
    },
  };
}
