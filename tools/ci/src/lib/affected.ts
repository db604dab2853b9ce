import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProjectGraph {
  nodes: Record<string, { data: { root: string; tags?: string[] } }>;
  dependencies: Record<string, Array<{ source: string; target: string; type: string }>>;
}

/** The environment for nx and git in a scratch clone: no daemon, no cloud, no inherited Nx task or affected settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('NX_') && !key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    // Load the graph plugins in-process: each nx call here is short-lived, and starting one
    // worker per plugin costs more than the work itself.
    NX_ISOLATE_PLUGINS: 'false',
    NX_SKIP_NX_CACHE: 'true',
    NX_VERBOSE_LOGGING: 'false',
    GIT_AUTHOR_NAME: 'tools-ci',
    GIT_AUTHOR_EMAIL: 'tools-ci@example.invalid',
    GIT_COMMITTER_NAME: 'tools-ci',
    GIT_COMMITTER_EMAIL: 'tools-ci@example.invalid',
  };
}

/**
 * A throwaway clone of the committed state of a workspace (its HEAD), with the workspace's
 * node_modules linked in, where commits can be made and `nx` asked what they affect.
 */
export class ScratchClone {
  readonly dir: string;
  private readonly env = cleanEnv();

  constructor(source: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'conduit-affected-'));
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: source, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', source, this.dir], { env: this.env });
    this.git('checkout', '--quiet', '--detach', head);
    symlinkSync(join(source, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8' }).trim();
  }

  nx(...args: string[]): string {
    const nxPackage = join(this.dir, 'node_modules', 'nx');
    const bin = JSON.parse(readFileSync(join(nxPackage, 'package.json'), 'utf8')).bin as Record<string, string>;
    const nxBin = join(nxPackage, bin['nx']);
    return execFileSync(process.execPath, [nxBin, ...args], {
      cwd: this.dir,
      env: this.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  /** Appends a line to a tracked file and commits it; returns the new HEAD. */
  commitAppend(file: string, line: string, message: string): string {
    const path = join(this.dir, file);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, `${text.replace(/\n?$/, '\n')}${line}\n`);
    this.git('add', '--', file);
    this.git('commit', '--quiet', '--no-verify', '-m', message, '--', file);
    return this.head();
  }

  /** Rewrites a tracked JSON file and commits it; returns the new HEAD. */
  commitJson(file: string, edit: (json: Record<string, unknown>) => void, message: string): string {
    const path = join(this.dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    edit(json);
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
    this.git('add', '--', file);
    this.git('commit', '--quiet', '--no-verify', '-m', message, '--', file);
    return this.head();
  }

  projectGraph(): ProjectGraph {
    const file = join(this.dir, 'tmp', 'graph.json');
    this.nx('graph', `--file=${file}`);
    return JSON.parse(readFileSync(file, 'utf8')).graph as ProjectGraph;
  }

  affected(base: string, head: string): string[] {
    const out = this.nx('show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--json');
    const json = out.split('\n').find((line) => line.trim().startsWith('['));
    if (!json) throw new Error(`nx show projects printed no JSON list:\n${out}`);
    return (JSON.parse(json) as string[]).sort();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The projects that depend on `project`, directly or through others (static, dynamic and implicit edges). */
export function dependentsOf(graph: ProjectGraph, project: string): string[] {
  const dependents = new Set<string>();
  const queue = [project];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const [source, deps] of Object.entries(graph.dependencies)) {
      if (source in graph.nodes && !dependents.has(source) && deps.some((d) => d.target === current)) {
        dependents.add(source);
        queue.push(source);
      }
    }
  }
  dependents.delete(project);
  return [...dependents].sort();
}

/**
 * The projects that check the whole workspace (tag `scope:workspace`, e.g. knip): their
 * inputs name every source folder, so any source change affects them by design.
 */
export function workspaceChecksOf(graph: ProjectGraph): string[] {
  return Object.entries(graph.nodes)
    .filter(([, node]) => node.data.tags?.includes('scope:workspace'))
    .map(([name]) => name)
    .sort();
}
