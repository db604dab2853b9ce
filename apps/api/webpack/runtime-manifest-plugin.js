const { createLockFile } = require('@nx/js');
const { readCachedProjectGraph } = require('@nx/devkit');

/**
 * Narrows the `package.json` that Nx generates beside the bundles (every npm package the app
 * imports) to the modules the bundles really load from `node_modules` at run time, and writes
 * the matching pruned `package-lock.json`: `npm ci` in `dist/apps/api` (the image's build)
 * then installs exactly those, at the versions of the workspace's lock file.
 */
class RuntimeManifestPlugin {
  /** @param {{ keep: string[] }} options */
  constructor(options) {
    this.keep = new Set(options.keep);
  }

  apply(compiler) {
    const { sources, Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('RuntimeManifestPlugin', (compilation) => {
      // After Nx's GeneratePackageJsonPlugin (PROCESS_ASSETS_STAGE_ADDITIONAL) has emitted its files.
      compilation.hooks.processAssets.tap({ name: 'RuntimeManifestPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_DERIVED }, () => {
        const asset = compilation.getAsset('package.json');
        if (!asset) return;
        const manifest = JSON.parse(asset.source.source().toString());
        const dependencies = Object.fromEntries(Object.entries(manifest.dependencies ?? {}).filter(([name]) => this.keep.has(name)));
        const missing = [...this.keep].filter((name) => !(name in dependencies));
        if (missing.length > 0) {
          compilation.errors.push(new Error(`RuntimeManifestPlugin: ${missing.join(', ')} not among the app's dependencies`));
          return;
        }
        const runtime = { name: manifest.name, version: manifest.version, private: true, main: manifest.main, dependencies };
        compilation.updateAsset('package.json', new sources.RawSource(`${JSON.stringify(runtime, null, 2)}\n`));
        const lock = createLockFile(runtime, readCachedProjectGraph(), 'npm');
        if (compilation.getAsset('package-lock.json')) compilation.updateAsset('package-lock.json', new sources.RawSource(lock));
        else compilation.emitAsset('package-lock.json', new sources.RawSource(lock));
      });
    });
  }
}

module.exports = { RuntimeManifestPlugin };
