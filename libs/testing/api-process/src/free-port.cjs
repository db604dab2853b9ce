// A free TCP port on 127.0.0.1 (the OS picks one; it is released before it is used, so
// another process could take it in between: fine on a test machine). CommonJS for the
// same reason as embedded-postgres.cjs, which needs it too.
const { createServer } = require('node:net');

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

module.exports = { freePort };
