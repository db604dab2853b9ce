import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface SecretRequest {
  target: string;
  secretId: string;
  /** The SigV4 `Authorization` header the SDK signed the request with. */
  authorization: string;
  contentType: string;
}

export interface FakeSecretsManager {
  endpoint: string;
  /**
   * For the process whose SDK should talk to it: `AWS_ENDPOINT_URL_SECRETS_MANAGER`, and role
   * credentials as Lambda puts them in an environment (fakes: only this endpoint sees them).
   */
  environment: Record<string, string>;
  requests: SecretRequest[];
  /** The most requests that were waiting for an answer at once. */
  mostAtOnce(): number;
  close(): Promise<void>;
}

/** The access key id of `environment`'s credentials (requests are signed with it). */
export const FAKE_ACCESS_KEY_ID = 'ASIAFAKEFAKEFAKEFAKE';

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * Secrets Manager's `GetSecretValue` (AWS JSON 1.1 protocol) on loopback, for the real SDK
 * pointed at it with `AWS_ENDPOINT_URL_SECRETS_MANAGER`: known ARNs answer their string, others
 * the service's `ResourceNotFoundException`. Answers wait until `answerTogether` requests are
 * in (or 2 s passed), so a client that asks one after the other shows in `mostAtOnce()`.
 */
export async function startFakeSecretsManager(secrets: Record<string, string>, answerTogether = 1): Promise<FakeSecretsManager> {
  const requests: SecretRequest[] = [];
  let waiting: Array<() => void> = [];
  let mostAtOnce = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = JSON.parse((await readBody(request)) || '{}') as { SecretId?: string };
      const secretId = body.SecretId ?? '';
      requests.push({
        target: String(request.headers['x-amz-target'] ?? ''),
        secretId,
        authorization: String(request.headers['authorization'] ?? ''),
        contentType: String(request.headers['content-type'] ?? ''),
      });
      await new Promise<void>((resolve) => {
        const release = () => resolve();
        waiting.push(release);
        mostAtOnce = Math.max(mostAtOnce, waiting.length);
        if (waiting.length >= answerTogether) {
          const all = waiting;
          waiting = [];
          for (const each of all) each();
        } else {
          setTimeout(() => {
            waiting = waiting.filter((each) => each !== release);
            resolve();
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
