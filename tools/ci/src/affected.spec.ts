import { dependentsOf, ProjectGraph, ScratchClone, workspaceChecksOf } from './lib/affected';
import { workspaceRoot } from './lib/workspace';

/**
 * Proof that `nx affected` (what CI runs) picks the right projects: in a scratch clone of the
 * committed workspace, commit a change and ask `nx show projects --affected` what it hits.
 * Expected sets come from the project graph at test time (imports between libs change as
 * the code grows), plus fixed expectations the architecture guarantees.
 */
describe('nx affected in a scratch clone of the committed workspace', () => {
  let clone: ScratchClone;
  let graph: ProjectGraph;
  let all: string[];

  const projectDeps = (name: string): string[] =>
    (graph.dependencies[name] ?? []).map((d) => d.target).filter((t) => t in graph.nodes);

  /** A tracked TypeScript source of a project, preferring its public entry point. */
  const sourceOf = (name: string): string => {
    const root = graph.nodes[name].data.root;
    const files = clone.git('ls-files', '--', `${root}/src/*.ts`).split('\n').filter(Boolean);
    const entry = files.find((f) => f.endsWith('/index.ts')) ?? files.find((f) => f.endsWith('/main.ts')) ?? files[0];
    if (!entry) throw new Error(`no tracked source file under ${root}/src`);
    return entry;
  };

  beforeAll(() => {
    clone = new ScratchClone(workspaceRoot);
    graph = clone.projectGraph();
    all = Object.keys(graph.nodes).sort();
  }, 120_000);

  afterAll(() => clone?.remove());

  it('knows the workspace projects', () => {
    expect(all).toEqual(expect.arrayContaining(['api', 'api-e2e', 'contracts', 'tools-ci']));
    // The knip check is the one workspace-wide project; the tests below count on the tag.
    expect(workspaceChecksOf(graph)).toEqual(['tools-knip']);
  });

  it('a change to the leaf library libs/contracts affects it and exactly its dependents', () => {
    // contracts is the leaf of the architecture: it depends on no other project.
    expect(projectDeps('contracts')).toEqual([]);

    const base = clone.head();
    const head = clone.commitAppend(sourceOf('contracts'), '// affected-proof', 'test: touch contracts');
    const affected = clone.affected(base, head);

    // Exactly contracts, what depends on it and the workspace-wide checks, read from the graph
    // at test time…
    expect(affected).toEqual(['contracts', ...dependentsOf(graph, 'contracts'), ...workspaceChecksOf(graph)].sort());
    // …which must include the app (it composes the features built on contracts) and its
    // e2e suite (implicit dependency on the app)…
    expect(affected).toEqual(expect.arrayContaining(['contracts', 'api', 'api-e2e']));
    // …and never the projects the module boundaries keep away from server contracts.
    for (const unrelated of ['infra', 'tools-ci', 'api-client']) {
      if (all.includes(unrelated)) expect(affected).not.toContain(unrelated);
    }
  }, 60_000);

  it('a change to the api app affects the app and its e2e suite, not the libraries', () => {
    const base = clone.head();
    const head = clone.commitAppend(sourceOf('api'), '// affected-proof', 'test: touch api');
    const affected = clone.affected(base, head);

    expect(affected).toEqual(['api', ...dependentsOf(graph, 'api'), ...workspaceChecksOf(graph)].sort());
    expect(affected).toEqual(expect.arrayContaining(['api', 'api-e2e']));
    expect(affected).not.toContain('contracts');
  }, 60_000);

  it('a change to a workflow re-runs the CI guardrail tests (tools-ci), not the app', () => {
    const base = clone.head();
    const head = clone.commitAppend('.github/workflows/ci.yml', '# affected-proof', 'ci: touch workflow');
    const affected = clone.affected(base, head);

    expect(affected).toContain('tools-ci');
    expect(affected).not.toContain('api');
    expect(affected).not.toContain('tools-knip');
    expect(affected).not.toContain('contracts');
  }, 60_000);

  it('a change to tsconfig.base.json compiler options affects every project', () => {
    const base = clone.head();
    const head = clone.commitJson(
      'tsconfig.base.json',
      (json) => {
        const options = json['compilerOptions'] as Record<string, unknown>;
        options['noUnusedLocals'] = !options['noUnusedLocals'];
      },
      'build: touch tsconfig.base.json',
    );
    expect(clone.affected(base, head)).toEqual(all);
  }, 60_000);

  it('a change to nx.json affects every project', () => {
    const base = clone.head();
    const head = clone.commitJson(
      'nx.json',
      (json) => {
        json['parallel'] = 2;
      },
      'build: touch nx.json',
    );
    expect(clone.affected(base, head)).toEqual(all);
  }, 60_000);
});
