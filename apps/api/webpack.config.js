const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { dirname, join } = require('path');
const TerserPlugin = require('terser-webpack-plugin');
const { DefinePlugin, NormalModuleReplacementPlugin } = require('webpack');
const { AsciiOnlyPlugin } = require('./webpack/ascii-only-plugin');
const { RdsCaBundlePlugin } = require('./webpack/rds-ca-bundle-plugin');
const { RuntimeManifestPlugin } = require('./webpack/runtime-manifest-plugin');

const OUTPUT = join(__dirname, '../../dist/apps/api');

/** @nestjs/swagger's own no-op decorators (its package exports do not list the file). */
const SWAGGER_SHIM = join(dirname(require.resolve('@nestjs/swagger')), 'extra/swagger-shim.js');

/**
 * One file per entry point with every pure-JS dependency inside: Node then resolves and reads
 * one script instead of walking `node_modules` (most of an unbundled start-up), and the image
 * carries the bundles plus the few modules below.
 *
 * Left out of the bundles and installed beside them (`dist/apps/api/package.json` lists only
 * these, with a pruned lock):
 * - `sqlite3`: a native addon (loaded only when DATABASE_URL is sqlite:);
 * - `swagger-ui-dist`: the docs page's static files, served from disk.
 */
const RUNTIME_MODULES = ['sqlite3', 'swagger-ui-dist'];
/** Files of those modules that the bundles require by path. */
const RUNTIME_FILES = ['swagger-ui-dist/absolute-path'];

/**
 * Packages that the bundled libraries `require` only when an option asks for them, which this
 * API never sets: TypeORM's other drivers, Nest's transports and template engines, pg's native
 * binding. Marked external so the bundle keeps the `require` (never reached) instead of
 * failing the build; none of them is installed.
 */
const NEVER_LOADED = [
  // TypeORM drivers and their helpers (we pass `sqlite3` and `pg` explicitly).
  'better-sqlite3', 'mysql', 'mysql2', 'oracledb', 'mssql', 'mongodb', 'hdb-pool', '@sap/hana-client',
  '@sap/hana-client/extension/Stream', 'sql.js', 'react-native-sqlite-storage',
  'typeorm-aurora-data-api-driver', '@google-cloud/spanner', 'redis', 'ioredis', 'pg-query-stream',
  'pg-native', '@capacitor-community/sqlite', 'expo-sqlite',
  // Nest's optional parts.
  '@nestjs/microservices', '@nestjs/microservices/microservices-module', '@nestjs/websockets',
  '@nestjs/websockets/socket-module', '@fastify/view', 'point-of-view', 'class-transformer/storage',
  '@nestjs/platform-express',
];

/** TypeORM's drivers other than sqlite and postgres: replaced by `webpack/unused-typeorm-driver.js`. */
const UNUSED_TYPEORM_DRIVER =
  /typeorm[\\/].*driver[\\/](cockroachdb|mongodb|sqlserver|oracle|cordova|react-native|nativescript|sqljs|mysql|expo|aurora-mysql|aurora-postgres|sap|better-sqlite3|capacitor|spanner)[\\/]\w*Driver(Factory)?(\.[cm]?js)?$/;

/**
 * A build-time rewrite of one dependency's file: `search` replaced by `replace` in the files
 * `test` matches. `strict` fails the build when an upgrade changes the text, so a rewrite never
 * silently stops applying.
 */
const rewrite = ({ test, search, replace }) => ({ test, loader: 'string-replace-loader', options: { search, replace, strict: true } });

/**
 * @nestjs/common's two loggers each build an `Intl.DateTimeFormat` when their module loads,
 * for the timestamps of Nest's console output, which this API never prints (its logs go
 * through pino). The first one starts ICU: ~25 ms and ~7 MiB of every cold start
 * (docs/performance.md). Rewritten to build it on the first timestamp.
 */
const LAZY_NEST_DATE_FORMAT = rewrite({
  test: /@nestjs[\\/]common[\\/]services[\\/](console-logger|logger)\.service\.js$/,
  search: 'const dateTimeFormatter = new Intl.DateTimeFormat(',
  replace: 'const dateTimeFormatter = ((...options) => { let formatter; return { format: (date) => (formatter ??= new Intl.DateTimeFormat(...options)).format(date) }; })(',
});

/**
 * Fastify's server module loads `node:https` (with tls) and `node:http2` when it loads, for
 * the servers it builds itself; this API hands it its own (`serverFactory`, plain HTTP behind
 * the platform's TLS), so they are loaded on first use instead. On Node 20 the image's heap
 * flags make V8 compile every built-in without Node's code cache, and those two were the
 * largest left at start-up (docs/performance.md).
 */
const LAZY_FASTIFY_TLS_SERVERS = rewrite({
  test: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/,
  search: "const https = require('node:https')\nconst http2 = require('node:http2')\n",
  replace:
    "const https = { createServer: (...args) => require('node:https').createServer(...args) }\n" +
    "const http2 = { createServer: (...args) => require('node:http2').createServer(...args), createSecureServer: (...args) => require('node:http2').createSecureServer(...args) }\n",
});

/**
 * pg picks its socket functions when it loads: when `navigator` does not say (Node 20 has no
 * `navigator`), it probes for Cloudflare Workers with `new Response(…)`, which makes Node load
 * undici and with it tls, http2, zlib and the web streams, compiled from source under heap flags
 * or `--expose-gc`: ~44 ms of the server's start on PostgreSQL with the image's flags, ~42 ms of
 * a Lambda environment's (docs/performance.md). These bundles run on Node only; Node 21+ has
 * `navigator` and never probes.
 */
const NODE_ONLY_PG_STREAMS = rewrite({
  test: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/,
  search: 'function getStreamFuncs() {\n  if (isCloudflareRuntime()) {',
  replace: 'function getStreamFuncs() {\n  if (false) {',
});

/**
 * fast-jwt's crypto module loads asn1.js (and bn.js with it) and defines three ASN.1 models
 * when it loads, to read the type of a PEM key; this API signs with an HMAC secret and never
 * reads one. The models are defined, and asn1.js loaded, on the first `decode` instead.
 */
const LAZY_FAST_JWT_ASN1 = rewrite({
  test: /[\\/]node_modules[\\/]fast-jwt[\\/]src[\\/]crypto\.js$/,
  search: "const asn = require('asn1.js')\n",
  replace:
    'const asn = { define: (...definition) => { let model; ' +
    "return { decode: (...args) => (model ??= require('asn1.js').define(...definition)).decode(...args) }; } }\n",
});

/**
 * What the server needs beside its bundles: the committed contract document (served by
 * /api/openapi.json), the RDS CA bundle, and the manifest of the runtime modules.
 */
const SERVER_FILES = {
  assets: [{ input: 'libs/api-client', glob: 'openapi.json', output: '.' }],
  plugins: () => [new RuntimeManifestPlugin({ keep: RUNTIME_MODULES }), new RdsCaBundlePlugin()],
};

/** What every bundle shares: Node target, the externals above, minified with source maps. */
function bundle({ name, main, outputFileName = 'main.js', additionalEntryPoints = [], clean = false, alias = {}, serverFiles = false }) {
  return {
    name,
    // Filled by NxAppWebpackPlugin; without it webpack would add its default `./src` entry.
    entry: {},
    output: {
      path: OUTPUT,
      clean,
      // Libraries' lazy `import()`s are inlined: each entry point stays one file.
      asyncChunks: false,
      // lambda.js exports `handler` (Lambda requires the file and calls `lambda.handler`), lambda-function.js `start`.
      library: { type: 'commonjs2' },
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    resolve: { alias },
    module: { rules: [LAZY_NEST_DATE_FORMAT, LAZY_FASTIFY_TLS_SERVERS, NODE_ONLY_PG_STREAMS, LAZY_FAST_JWT_ASN1] },
    // Dynamic requires inside bundled libraries (TypeORM's config-file reader, pino's transports)
    // are never reached by this API; their warnings say nothing about our code.
    ignoreWarnings: [
      { message: /Critical dependency: (the request of a dependency is an expression|require function is used)/ },
      // Packages that ship source maps pointing at sources they do not ship (ret, iterare).
      { message: /Failed to parse source map/ },
    ],
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main,
        outputFileName,
        additionalEntryPoints,
        tsConfig: './tsconfig.app.json',
        assets: serverFiles ? SERVER_FILES.assets : [],
        // Minified by esbuild below: Nx's terser pass takes minutes on these bundles.
        optimization: false,
        outputHashing: 'none',
        externalDependencies: [...RUNTIME_MODULES, ...RUNTIME_FILES, ...NEVER_LOADED],
        generatePackageJson: serverFiles,
        skipOverrides: true,
        sourceMap: true,
      }),
      ...(serverFiles ? SERVER_FILES.plugins() : []),
      // The release builds with APP_VERSION set: the Lambda bundle reports it (its function sets none).
      new DefinePlugin({ __CONDUIT_BUNDLED_VERSION__: JSON.stringify(process.env.APP_VERSION ?? '') }),
      new NormalModuleReplacementPlugin(UNUSED_TYPEORM_DRIVER, join(__dirname, 'webpack/unused-typeorm-driver.js')),
      // Minified (whitespace and syntax), so that Node has less source to read and compile at
      // every start. Identifiers are not renamed: Nest, TypeORM and class-validator read class
      // and function names, and esbuild's `keepNames` would restore each name at run time with
      // a `defineProperty` on every function created, closures in request paths included
      // (a quarter of `GET /api/tags`'s throughput; docs/performance.md).
      new TerserPlugin({ minify: TerserPlugin.esbuildMinify, terserOptions: { minify: false, minifyWhitespace: true, minifySyntax: true, target: 'node20' } }),
      // …and in ASCII only, so Node reads the source as one-byte text.
      new AsciiOnlyPlugin(),
    ],
  };
}

module.exports = [
  // `main.js` (starts `server.js`, the server, through V8's code cache), the one-off migration
  // step (`migrate.js`) and the AWS Lambda function (`lambda.js`, handler `lambda.handler`,
  // runs `lambda-function.js` through V8's code cache the same way).
  // The OpenAPI decorators record nothing at run time: the served document is the committed
  // one (src/openapi/api-docs.ts).
  bundle({
    name: 'runtime',
    main: './src/main.ts',
    additionalEntryPoints: ['./src/server.ts', './src/migrate.ts', './src/lambda.ts', './src/lambda-function.ts'],
    clean: true,
    alias: { '@nestjs/swagger$': join(__dirname, 'src/openapi/swagger-at-runtime.ts'), '@nestjs/swagger-shim$': SWAGGER_SHIM },
    serverFiles: true,
  }),
  // `openapi-export.js`: builds the document from the code with the real @nestjs/swagger.
  { ...bundle({ name: 'openapi-export', main: './src/openapi-export.ts', outputFileName: 'openapi-export.js' }), dependencies: ['runtime'] },
];
