// esbuild strips TypeScript types without emitting `design:paramtypes` metadata, and NestJS
// dependency injection and class-validator DTOs need it. This plugin hands every workspace
// .ts file that uses decorators to the TypeScript compiler (transpile only, no type check:
// the build target type-checks separately) and lets esbuild bundle the result.
const { readFile } = require('node:fs/promises');
const ts = require('typescript');

function decoratorMetadataPlugin() {
  return {
    name: 'decorator-metadata',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!/^\s*@[A-Za-z]/m.test(source)) return undefined;
        const { outputText } = ts.transpileModule(source, {
          fileName: args.path,
          compilerOptions: {
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.ESNext,
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            useDefineForClassFields: false,
            sourceMap: false,
            inlineSourceMap: true,
            inlineSources: true,
          },
        });
        return { contents: outputText, loader: 'js' };
      });
    },
  };
}

module.exports = { decoratorMetadataPlugin };
