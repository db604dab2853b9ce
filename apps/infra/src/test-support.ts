import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { buildConduit, ConduitStacks } from './app';
import { loadConfig } from './config';

/** Everything a test needs from one synthesized environment. Offline: no AWS call. */
export interface Synthesized {
  readonly app: App;
  readonly stacks: ConduitStacks;
  readonly delivery: Template;
  readonly data: Template;
  readonly service: Template;
}

/**
 * Builds the app as `main.ts` does, with context instead of `-c` flags. The nag plugin is
 * not registered here (it would throw inside `Template.fromStack`); tests run the same
 * AwsSolutions pack with `validateScope` to see every finding.
 */
/**
 * The committed config names no GitHub ids (each repository has its own, see config.ts);
 * tests use these unless a test passes others.
 */
export const TEST_GITHUB_IDS = { githubOwnerId: '1234', githubRepositoryId: '5678' };

export function synth(context: Record<string, string> = {}): Synthesized {
  const app = new App({ context: { ...TEST_GITHUB_IDS, ...context } });
  const read = (key: string) => app.node.tryGetContext(key);
  const stacks = buildConduit(app, loadConfig(read, {}), { imageTag: context['imageTag'], nag: false });
  return {
    app,
    stacks,
    delivery: Template.fromStack(stacks.delivery),
    data: Template.fromStack(stacks.data),
    service: Template.fromStack(stacks.service),
  };
}

export function allTemplates(s: Synthesized): Record<string, Template> {
  return { delivery: s.delivery, data: s.data, service: s.service };
}

export function nagFindings(s: Synthesized) {
  const report = new AwsSolutionsChecks(undefined, { verbose: false }).validateScope(s.app);
  return report.violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    at: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId),
  }));
}

interface Ack {
  readonly path: string;
  readonly source: string;
  readonly id: string;
  readonly reason: string;
}

/** Every `Validations.of(…).acknowledge` recorded in the construct tree. */
export function acknowledgements(root: IConstruct): Ack[] {
  const acks: Ack[] = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      // { "<source>::<rule id>": "<reason>" }; CDK records its own template-validation
      // acknowledgements the same way (source CloudFormation-Validate).
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        const cut = key.indexOf('::');
        const [source, id] = [key.slice(0, cut), key.slice(cut + 2)];
        acks.push({ path: node.node.path, source, id, reason: String(reason) });
      }
    }
  }
  return acks;
}
