import { Aws } from 'aws-cdk-lib';

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of this stack's account and region. */
export function arn(service: string, resource: string): string {
  return `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
}

/** An IAM role of this account by name (role names are fixed, see `roleNames`). */
export function roleArn(name: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`;
}
