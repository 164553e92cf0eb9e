const { decoratorMetadataPlugin } = require('../../tools/esbuild/decorator-metadata.plugin.cjs');

// npm packages stay external (thirdParty: false); optional Nest and TypeORM drivers we do not
// use are never required at run time.
module.exports = {
  plugins: [decoratorMetadataPlugin()],
  keepNames: true,
  outExtension: { '.js': '.js' },
};
