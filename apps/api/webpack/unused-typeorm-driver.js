/**
 * Stands in for each TypeORM driver this API never configures (webpack.config.js): TypeORM's
 * DriverFactory imports all twenty, and their query runners and schema code are a third of
 * the bundle. Only the sqlite and postgres drivers ship; asking for another one fails loudly.
 */
class UnusedDriver {
  constructor() {
    throw new Error('this build of the Conduit API ships only the sqlite and postgres TypeORM drivers');
  }
}

module.exports = new Proxy({}, { get: (_exports, name) => (name === '__esModule' ? false : UnusedDriver) });
