import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildConduit } from './app';
import { loadConfig } from './config';

/**
 * Entry point for `nx run infra:synth` (plain node, offline) and for the CDK CLI
 * (`cdk.json`, used by infra:diff / infra:deploy). The CLI passes its own output
 * directory (CDK_OUTDIR); plain node writes to dist/apps/infra/cdk.out.
 */
const outdir = process.env['CDK_OUTDIR'] ?? path.resolve(__dirname, '../../../dist/apps/infra/cdk.out');
// A fresh directory, so no template or asset of an earlier synth lingers.
if (!process.env['CDK_OUTDIR']) fs.rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir });
const read = (key: string) => app.node.tryGetContext(key);
const imageTag = read('imageTag') as string | undefined;
const stacks = buildConduit(app, loadConfig(read), { imageTag: imageTag ? String(imageTag) : undefined });
const assembly = app.synth();

if (!process.env['CDK_OUTDIR']) {
  const errors = assembly.stacks.flatMap((s) => s.messages.filter((m) => m.level === 'error'));
  for (const stack of Object.values(stacks)) {
    console.log(`${stack.stackName}: ${path.relative(process.cwd(), path.join(assembly.directory, stack.templateFile))}`);
  }
  if (errors.length > 0) {
    for (const e of errors) console.error(`${e.id}: ${String(e.entry.data)}`);
    process.exitCode = 1;
  }
}
