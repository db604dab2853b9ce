import type { Scenario } from './measure';
import { SEED_PASSWORD, type SeedResult } from './seed';

export interface ScenarioSettings {
  connections: number;
  /** Logins hash with scrypt (by design slow): fewer connections. */
  loginConnections: number;
}

/**
 * The endpoints every bench loads, in order, against the API at `baseUrl` (…/api) after
 * `seed` filled it: `npm run bench` (the process on loopback) and `npm run bench:container`
 * (the image) run the same load, so their figures compare.
 */
export function benchScenarios(baseUrl: string, seeded: SeedResult, { connections, loginConnections }: ScenarioSettings): Scenario[] {
  const [reader] = seeded.users;
  const auth = { authorization: `Token ${reader.token}` };
  return [
    { name: 'GET /api/tags', url: `${baseUrl}/tags`, connections },
    { name: 'GET /api/articles?limit=20', url: `${baseUrl}/articles?limit=20`, connections },
    // A signed-in reader's page (`favorited`, `following`) is never served from memory: this row
    // shows what a page costs from the database, beside the anonymous one the target is about.
    { name: 'GET /api/articles?limit=20 (token)', url: `${baseUrl}/articles?limit=20`, headers: auth, connections },
    {
      name: 'GET /api/articles/:slug',
      url: `${baseUrl}/articles/${seeded.slugs[0]}`,
      paths: seeded.slugs.map((slug) => `/api/articles/${encodeURIComponent(slug)}`),
      connections,
    },
    { name: 'GET /api/user (token)', url: `${baseUrl}/user`, headers: auth, connections },
    {
      name: 'POST /api/users/login',
      url: `${baseUrl}/users/login`,
      method: 'POST',
      body: { user: { email: reader.email, password: SEED_PASSWORD } },
      connections: loginConnections,
    },
  ];
}
