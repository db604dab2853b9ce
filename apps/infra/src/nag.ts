import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgements (CDK's `Validations.of(…).acknowledge`), kept next to the code
 * that needs them so that each carries its reason. An acknowledgement covers the construct
 * and everything below it. `appliesTo` narrows a multi-finding rule (IAM4/IAM5) to the exact
 * finding being accepted: `AwsSolutions-IAM5[Resource::*]`, never the whole rule.
 */
export interface Suppression {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo?: string[];
}

export function suppress(construct: IConstruct, suppressions: Suppression[]): void {
  for (const s of suppressions) {
    const ids = s.appliesTo ? s.appliesTo.map((finding) => `${s.id}[${finding}]`) : [s.id];
    for (const id of ids) Validations.of(construct).acknowledge({ id, reason: s.reason });
  }
}
