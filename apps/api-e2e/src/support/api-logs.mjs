// Where an e2e run keeps the whole output of every API process it starts: the
// API_PROCESS_LOG_DIR of @conduit/testing/api-process, one `<test file>.<port>.log` per process.
// Under test-output/ (git-ignored), emptied when a run starts, so it holds this run's logs only.
// Plain ESM: Jest loads the global setup and the reporters that use it directly.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const API_LOGS_DIR = join(WORKSPACE_ROOT, 'test-output', 'api-e2e');

export function startApiLogs() {
  rmSync(API_LOGS_DIR, { recursive: true, force: true });
  mkdirSync(API_LOGS_DIR, { recursive: true });
  process.env.API_PROCESS_LOG_DIR = API_LOGS_DIR;
}

/** The log files of the API processes `testFile` started (named as api-process's `logFileFor` names them). */
export function apiLogsOf(testFile) {
  const label = basename(testFile).replace(/\.[cm]?[jt]s$/, '');
  try {
    return readdirSync(API_LOGS_DIR).filter((name) => name.startsWith(`${label}.`) && name.endsWith('.log'));
  } catch {
    return [];
  }
}
