const { decoratorMetadataPlugin } = require('../esbuild/decorator-metadata.plugin.cjs');

// The ops helper reads the hub's database through the same entities as the apps, so it needs
// their decorator metadata too; npm packages stay external (thirdParty: false).
module.exports = {
  plugins: [decoratorMetadataPlugin()],
  keepNames: true,
  outExtension: { '.js': '.js' },
};
