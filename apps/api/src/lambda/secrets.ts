/** `<NAME>_SECRET_ARN` names the Secrets Manager secret whose string is `<NAME>`. */
const SECRET_ARN_SUFFIX = '_SECRET_ARN';

class SecretResolutionError extends Error {
  override name = 'SecretResolutionError';
}

/**
 * Reads every `<NAME>_SECRET_ARN` of `env` (`DATABASE_URL_SECRET_ARN`, `JWT_SECRET_SECRET_ARN`
 * on Lambda, docs/infrastructure.md) with Secrets Manager `GetSecretValue`, all at once, and
 * returns `{ <NAME>: value }`. Lambda environment variables cannot reference secrets, and a
 * resolved value in the function configuration would be readable by anyone allowed to read
 * that configuration: the function gets the ARNs and its role may read those secrets only.
 *
 * Any failure fails the whole start-up; messages name the variable and the ARN, never a value.
 * The SDK is loaded only when there is something to resolve, so no other start-up pays for it.
 * It is bundled, not the runtime's copy: its version is the lock file's, and its code is in
 * the function's code cache (loading the runtime's copy from node_modules took ~55 ms of a
 * cold start; docs/performance.md).
 */
export async function resolveSecretArns(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const wanted = Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].endsWith(SECRET_ARN_SUFFIX) && Boolean(entry[1]))
    .map(([variable, arn]) => ({ name: variable.slice(0, -SECRET_ARN_SUFFIX.length), variable, arn }));
  if (wanted.length === 0) return {};

  const both = wanted.filter(({ name }) => env[name]);
  if (both.length > 0) {
    throw new SecretResolutionError(`${both.map(({ name, variable }) => `${name} and ${variable}`).join(', ')} are both set: set one of each pair`);
  }

  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  // Region, credentials and AWS_ENDPOINT_URL_SECRETS_MANAGER come from the environment (Lambda sets the first two).
  const client = new SecretsManagerClient({});
  try {
    const values = await Promise.all(
      wanted.map(async ({ name, variable, arn }) => {
        let secret: string | undefined;
        try {
          ({ SecretString: secret } = await client.send(new GetSecretValueCommand({ SecretId: arn })));
        } catch (error) {
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          throw new SecretResolutionError(`${variable}: cannot read ${arn} (${reason})`);
        }
        if (!secret) throw new SecretResolutionError(`${variable}: ${arn} holds no secret string (a binary secret is not supported)`);
        return [name, secret] as const;
      }),
    );
    return Object.fromEntries(values);
  } finally {
    client.destroy();
  }
}
