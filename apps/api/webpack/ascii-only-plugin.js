/** Any character outside ASCII, one UTF-16 code unit at a time (an astral one is two). */
const NON_ASCII = /[\u0080-\uffff]/g;

const escaped = (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Writes every non-ASCII character of the minified bundles as a `\uXXXX` escape, which means
 * the same in strings, regular-expression literals, identifiers and comments. esbuild escapes
 * them in strings but leaves them in regular-expression literals (validator's alphabets), and
 * one such character is enough for Node to decode the whole bundle as UTF-8 and for V8 to keep
 * its source as a two-byte string: ~20 ms more to read the file at each start and twice the
 * memory for the source (docs/performance.md). Runs after the minifier, before the source maps
 * are written (the replacements keep them right).
 */
class AsciiOnlyPlugin {
  apply(compiler) {
    const { sources, Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('AsciiOnlyPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'AsciiOnlyPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 }, (assets) => {
        for (const name of Object.keys(assets)) {
          if (!name.endsWith('.js')) continue;
          const source = compilation.getAsset(name).source;
          const code = source.source().toString();
          const matches = [...code.matchAll(NON_ASCII)];
          if (matches.length === 0) continue;
          const replaced = new sources.ReplaceSource(source);
          for (const { index, 0: unit } of matches) replaced.replace(index, index, escaped(unit));
          compilation.updateAsset(name, replaced);
        }
      });
    });
  }
}

module.exports = { AsciiOnlyPlugin };
