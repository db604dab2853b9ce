import { randomUUID } from 'node:crypto';

/**
 * A Lambda Function URL request (payload format 2.0) for GET <path>, as AWS delivers one to
 * the function: what the deploy sends to a freshly published version before any user does.
 */
export function functionUrlGet(path: string, now = new Date()): Record<string, unknown> {
  const domainName = 'deploy-check.lambda-url.local.on.aws';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: domainName, accept: 'application/json', 'user-agent': 'conduit-release-deploy', 'cache-control': 'no-cache' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'deploy-check',
      domainName,
      domainPrefix: 'deploy-check',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'conduit-release-deploy' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}
