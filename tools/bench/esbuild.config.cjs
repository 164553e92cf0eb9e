const { decoratorMetadataPlugin } = require('../esbuild/decorator-metadata.plugin.cjs');

// The SQLite driver figure runs the hub's stores in the bench's own process, through the same
// entities as the apps, so it needs their decorator metadata too; npm packages stay external
// (thirdParty: false).
module.exports = {
  plugins: [decoratorMetadataPlugin()],
  keepNames: true,
  outExtension: { '.js': '.js' },
};
