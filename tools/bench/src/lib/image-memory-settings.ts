import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The memory settings the image's runtime stage sets (docs/performance.md, "Memory"). */
const IMAGE_MEMORY_VARIABLES = ['NODE_OPTIONS', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_ARENA_MAX'] as const;

/**
 * Those variables as the repository's Dockerfile sets them, so `npm run bench` runs
 * `node dist/apps/api/main.js` with the image's defaults: the RSS target is judged on them,
 * and reading them from the Dockerfile keeps one copy of the values.
 */
export function imageMemorySettings(workspaceRoot: string): Record<string, string> {
  const dockerfile = readFileSync(join(workspaceRoot, 'Dockerfile'), 'utf8');
  const settings: Record<string, string> = {};
  for (const name of IMAGE_MEMORY_VARIABLES) {
    const match = new RegExp(`\\b${name}=("([^"]*)"|(\\S+))`).exec(dockerfile);
    if (!match) throw new Error(`the Dockerfile sets no ${name}: the bench cannot run the API with the image's memory settings`);
    settings[name] = match[2] ?? match[3];
  }
  return settings;
}
