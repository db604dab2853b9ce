export interface SecretRequest {
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
export const FAKE_ACCESS_KEY_ID: string;

/**
 * Secrets Manager's `GetSecretValue` (AWS JSON 1.1 protocol) on loopback, for the real SDK
 * pointed at it with `AWS_ENDPOINT_URL_SECRETS_MANAGER` (see fake-secrets-manager.cjs).
 */
export function startFakeSecretsManager(secrets: Record<string, string>, answerTogether?: number): Promise<FakeSecretsManager>;
