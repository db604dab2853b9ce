import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The engines this run covers (global-setup sets E2E_DATABASES; default both). */
export function databaseKinds(): DatabaseKind[] {
  return (process.env['E2E_DATABASES'] ?? 'sqlite,postgres')
    .split(',')
    .map((name) => name.trim())
    .filter((name): name is DatabaseKind => name === 'sqlite' || name === 'postgres');
}

export function sqliteFileUrl(name = 'conduit.sqlite'): { url: string; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'conduit-e2e-')), name);
  return { url: `sqlite:${file}`, file };
}

let counter = 0;

/** A new, empty database on the run's PostgreSQL server. */
export async function postgresDatabaseUrl(): Promise<string> {
  const server = process.env['E2E_POSTGRES_URL'];
  if (!server) throw new Error('E2E_POSTGRES_URL is not set: global-setup did not start PostgreSQL');
  const name = `conduit_e2e_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return `${server}/${name}`;
}

/** A fresh, empty database of `kind`, as a `DATABASE_URL`. */
export async function freshDatabaseUrl(kind: DatabaseKind): Promise<string> {
  return kind === 'sqlite' ? sqliteFileUrl().url : postgresDatabaseUrl();
}
