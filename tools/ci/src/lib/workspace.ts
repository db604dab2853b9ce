import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The workspace root: tools/ci/src/lib → four levels up. */
export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

export const githubDir = join(workspaceRoot, '.github');
export const workflowsDir = join(githubDir, 'workflows');
const actionsDir = join(githubDir, 'actions');

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Workflow files GitHub runs: `.github/workflows/*.yml` and `*.yaml` (not recursive, as on GitHub). */
export function listWorkflowFiles(dir = workflowsDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** Composite (or other local) actions: every `action.yml` / `action.yaml` under `.github/actions`. */
export function listActionFiles(dir = actionsDir): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /^action\.ya?ml$/.test(entry.name)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

export function rel(path: string): string {
  return relative(workspaceRoot, path);
}
