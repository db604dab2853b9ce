// Plain CommonJS, like embedded-postgres.cjs: the release scripts (tools/release, plain Node
// TypeScript without the workspace's path aliases) require it by path too, to make the Lambda
// code cache as deployed. Types: fake-secrets-manager.d.cts.
const { createServer } = require('node:http');

/** The access key id of `environment`'s credentials (requests are signed with it). */
const FAKE_ACCESS_KEY_ID = 'ASIAFAKEFAKEFAKEFAKE';

/** @param {import('node:http').IncomingMessage} request */
const readBody = async (request) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * Secrets Manager's `GetSecretValue` (AWS JSON 1.1 protocol) on loopback, for the real SDK
 * pointed at it with `AWS_ENDPOINT_URL_SECRETS_MANAGER`: known ARNs answer their string, others
 * the service's `ResourceNotFoundException`. Answers wait until `answerTogether` requests are
 * in (or 2 s passed), so a client that asks one after the other shows in `mostAtOnce()`.
 *
 * @param {Record<string, string>} secrets
 * @param {number} [answerTogether]
 * @returns {Promise<import('./fake-secrets-manager.cjs').FakeSecretsManager>}
 */
async function startFakeSecretsManager(secrets, answerTogether = 1) {
  /** @type {import('./fake-secrets-manager.cjs').SecretRequest[]} */
  const requests = [];
  /** @type {Array<() => void>} */
  let waiting = [];
  let mostAtOnce = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = /** @type {{ SecretId?: string }} */ (JSON.parse((await readBody(request)) || '{}'));
      const secretId = body.SecretId ?? '';
      requests.push({
        target: String(request.headers['x-amz-target'] ?? ''),
        secretId,
        authorization: String(request.headers['authorization'] ?? ''),
        contentType: String(request.headers['content-type'] ?? ''),
      });
      await new Promise((resolve) => {
        const release = () => resolve(undefined);
        waiting.push(release);
        mostAtOnce = Math.max(mostAtOnce, waiting.length);
        if (waiting.length >= answerTogether) {
          const all = waiting;
          waiting = [];
          for (const each of all) each();
        } else {
          setTimeout(() => {
            waiting = waiting.filter((each) => each !== release);
            resolve(undefined);
          }, 2_000);
        }
      });
      const value = secrets[secretId];
      const answer =
        request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue'
          ? { status: 400, body: { __type: 'UnknownOperationException', message: `not faked: ${String(request.headers['x-amz-target'])}` } }
          : value === undefined
            ? { status: 400, body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." } }
            : {
                status: 200,
                body: {
                  ARN: secretId,
                  Name: secretId.split(':secret:')[1] ?? secretId,
                  SecretString: value,
                  VersionId: 'b8a1c4e6-0d7f-4a2b-9c3e-5f6a7b8c9d0e',
                  VersionStages: ['AWSCURRENT'],
                  CreatedDate: 1796110000.123,
                },
              };
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `fake-${requests.length}` });
      response.end(JSON.stringify(answer.body));
    })();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    environment: {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-the-local-endpoint',
      AWS_SESSION_TOKEN: 'fake-session-token',
    },
    requests,
    mostAtOnce: () => mostAtOnce,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

module.exports = { FAKE_ACCESS_KEY_ID, startFakeSecretsManager };
