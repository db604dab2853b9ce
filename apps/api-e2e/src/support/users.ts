import { createConduitClient, type ConduitClient } from '@conduit/api-client';

let sequence = 0;

export interface TestUser {
  username: string;
  email: string;
  password: string;
  token: string;
  client: ConduitClient;
}

export function unique(prefix: string): string {
  return `${prefix}${process.pid}x${Date.now().toString(36)}x${sequence++}`;
}

export function clientFor(baseUrl: string, token?: string): ConduitClient {
  return createConduitClient({ baseUrl, token });
}

/** Registers a new user through the typed client; the returned client holds its token. */
export async function registerUser(baseUrl: string, prefix = 'user'): Promise<TestUser> {
  const username = unique(prefix);
  const credentials = { username, email: `${username}@example.test`, password: 'correct-horse-battery' };
  const client = clientFor(baseUrl);
  const user = await client.users.register(credentials);
  return { ...credentials, email: user.email, token: user.token, client };
}
