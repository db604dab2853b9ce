import { parse } from 'yaml';

interface UsesRef {
  line: number;
  value: string;
  comment: string;
}

export interface PinningProblem {
  line: number;
  value: string;
  problem: string;
}

const USES_LINE = /^\s*(?:-\s+)?uses:\s*(?:'([^']*)'|"([^"]*)"|([^\s#]+))\s*(?:#\s*(.*?))?\s*$/;
const SHA_PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?@[0-9a-f]{40}$/;
const DOCKER_DIGEST = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
const VERSION_COMMENT = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?\b/;

/** Every `uses:` line of a workflow or action file, with the trailing comment. */
function findUsesLines(text: string): UsesRef[] {
  const refs: UsesRef[] = [];
  text.split('\n').forEach((raw, index) => {
    const match = USES_LINE.exec(raw);
    if (match) {
      refs.push({ line: index + 1, value: match[1] ?? match[2] ?? match[3], comment: (match[4] ?? '').trim() });
    }
  });
  return refs;
}

/** Every `uses` value GitHub would read: job-level (reusable workflows), step-level, composite steps. */
function collectUsesValues(doc: unknown): string[] {
  const values: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'uses' && typeof value === 'string') values.push(value);
        else visit(value);
      }
    }
  };
  visit(doc);
  return values;
}

/**
 * Checks that every `uses:` is pinned to a full commit SHA (or a local action, or a docker
 * image by digest) with the release it came from as a comment: `owner/repo@<40 hex> # v1.2.3`.
 */
export function checkPinning(text: string): PinningProblem[] {
  const problems: PinningProblem[] = [];
  const lines = findUsesLines(text);
  const parsed = collectUsesValues(parse(text));

  // A `uses` the line scan cannot see (flow style, anchors…) must not slip through.
  const seen = lines.map((l) => l.value).sort();
  const expected = [...parsed].sort();
  if (JSON.stringify(seen) !== JSON.stringify(expected)) {
    problems.push({
      line: 0,
      value: expected.filter((v) => !seen.includes(v)).join(', '),
      problem: 'write each `uses:` on its own line (block style) so its pin can be checked',
    });
  }

  for (const ref of lines) {
    if (ref.value.startsWith('./')) continue; // local action: versioned with this repository
    if (ref.value.startsWith('docker://')) {
      if (!DOCKER_DIGEST.test(ref.value)) {
        problems.push({ ...ref, problem: 'docker action must be pinned by digest (docker://image@sha256:<64 hex>)' });
      }
      continue;
    }
    if (!SHA_PINNED.test(ref.value)) {
      problems.push({ ...ref, problem: 'must be pinned to a full 40-character commit SHA (owner/repo@<sha>)' });
    } else if (!VERSION_COMMENT.test(ref.comment)) {
      problems.push({ ...ref, problem: 'needs the release as a comment after the SHA, e.g. `# v4.2.2`' });
    }
  }
  return problems;
}
