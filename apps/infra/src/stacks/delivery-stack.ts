import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EnvironmentConfig, roleNames } from '../config';
import { suppress } from '../nag';
import { OUTPUTS } from '../outputs';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const STS_AUDIENCE = 'sts.amazonaws.com';

export interface DeliveryStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * The release side: the ECR repository the workflow pushes to, and the role a GitHub Actions
 * job of this repository's `production` environment assumes (OIDC, no stored AWS keys).
 * It names the service and its roles instead of referencing them, so it deploys first
 * (an App Runner service cannot be created before its image exists).
 */
export class DeliveryStack extends Stack {
  readonly repository: ecr.Repository;
  readonly deployRole: iam.Role;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = roleNames(config);

    this.repository = new ecr.Repository(this, 'ApiRepository', {
      repositoryName: config.ecr.repositoryName,
      // Release tags (v1.2.3) are never moved; the deploy script points the service at one.
      // No exclusion: nothing in the release flow needs a moving tag in ECR.
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.AES_256,
      // Images are rebuilt from git tags, but a deployed service may still run one: keep.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          rulePriority: 1,
          description: 'Expire untagged images (interrupted or superseded pushes)',
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(config.ecr.untaggedExpiryDays),
        },
        {
          rulePriority: 2,
          description: `Keep the last ${config.ecr.keepReleaseImages} release images`,
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount: config.ecr.keepReleaseImages,
        },
      ],
    });

    const provider: iam.IOidcProvider = config.github.oidcProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidc', config.github.oidcProviderArn)
      : new iam.OidcProviderNative(this, 'GitHubOidc', {
          url: GITHUB_OIDC_URL,
          clientIds: [STS_AUDIENCE],
          // AWS validates GitHub's certificate against its own trust store; the thumbprint
          // is no longer used for this provider but CloudFormation still accepts one.
        });

    this.deployRole = new iam.Role(this, 'GitHubDeployRole', {
      roleName: names.deploy,
      description: `GitHub Actions (${config.github.owner}/${config.github.repository}, environment ${config.github.environment}) pushes the API image and deploys ${config.service.name}`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: githubSubjects(config),
        },
      }),
    });

    const statements = deployRoleStatements(config, this.repository.repositoryArn);
    const policy = new iam.Policy(this, 'GitHubDeployPolicy', {
      policyName: 'deploy',
      statements,
    });
    policy.attachToRole(this.deployRole);

    suppress(policy, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'ecr:GetAuthorizationToken only exists on "*" (it returns a registry login, not access to a repository). ' +
          'The push actions themselves are limited to the one repository.',
        appliesTo: ['Resource::*'],
      },
      config.deployTarget === 'apprunner'
        ? {
            id: 'AwsSolutions-IAM5',
            reason:
              'An App Runner service ARN ends in a random id assigned at creation; service/<name>/* pins the one ' +
              'service by its name.',
            appliesTo: [`Resource::arn:<AWS::Partition>:apprunner:<AWS::Region>:<AWS::AccountId>:service/${config.service.name}/*`],
          }
        : {
            id: 'AwsSolutions-IAM5',
            reason:
              'Task-definition revisions are numbered by ECS at registration; <family>:* pins the API family and ' +
              'nothing else (the deploy script registers a new revision of it).',
            appliesTo: [`Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/${config.service.name}:*`],
          },
    ]);

    new CfnOutput(this, OUTPUTS.ecrRepositoryName, {
      value: this.repository.repositoryName,
      description: 'GitHub variable ECR_REPOSITORY',
    });
    new CfnOutput(this, OUTPUTS.ecrRepositoryUri, {
      value: this.repository.repositoryUri,
      description: 'Registry/repository to push the API image to (no tag)',
    });
    new CfnOutput(this, OUTPUTS.deployRoleArn, {
      value: this.deployRole.roleArn,
      description: 'GitHub variable AWS_DEPLOY_ROLE_ARN',
    });
  }
}

/** The `sub` values a token must carry: immutable-id format and/or the classic one. */
export function githubSubjects(config: EnvironmentConfig): string[] {
  const { owner, repository, ownerId, repositoryId, environment, allowClassicSubject } = config.github;
  const subjects: string[] = [];
  if (ownerId !== undefined && repositoryId !== undefined) {
    subjects.push(`repo:${owner}@${ownerId}/${repository}@${repositoryId}:environment:${environment}`);
  }
  if (allowClassicSubject) {
    subjects.push(`repo:${owner}/${repository}:environment:${environment}`);
  }
  return subjects;
}

function arn(service: string, resource: string, region = Aws.REGION): string {
  return `arn:${Aws.PARTITION}:${service}:${region}:${Aws.ACCOUNT_ID}:${resource}`;
}

function roleArn(name: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`;
}

/** Exactly what the release job does: push one image, point one service at it, watch it. */
export function deployRoleStatements(config: EnvironmentConfig, repositoryArn: string): iam.PolicyStatement[] {
  const names = roleNames(config);
  const statements = [
    new iam.PolicyStatement({
      sid: 'EcrLogin',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'EcrPushApiImage',
      actions: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:CompleteLayerUpload',
        'ecr:DescribeImages',
        'ecr:GetDownloadUrlForLayer',
        'ecr:InitiateLayerUpload',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
      ],
      resources: [repositoryArn],
    }),
  ];

  if (config.deployTarget === 'apprunner') {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AppRunnerDeploy',
        // UpdateService points the service at the new image tag and starts the deployment;
        // DescribeService/ListOperations let the script wait for it (there is no
        // DescribeOperation API: ListOperations returns each operation's status).
        actions: ['apprunner:DescribeService', 'apprunner:ListOperations', 'apprunner:UpdateService'],
        resources: [arn('apprunner', `service/${config.service.name}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'PassAppRunnerRoles',
        // UpdateService re-validates the access role (ECR pull) and the instance role when the
        // source or instance configuration is sent along.
        actions: ['iam:PassRole'],
        resources: [roleArn(names.appRunnerAccess), roleArn(names.appRunnerInstance)],
        conditions: { StringEquals: { 'iam:PassedToService': 'apprunner.amazonaws.com' } },
      }),
    );
  } else if (config.ecsMode === 'fargate') {
    statements.push(
      new iam.PolicyStatement({
        sid: 'EcsDeployService',
        actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
        resources: [arn('ecs', `service/${config.service.clusterName}/${config.service.name}`)],
      }),
      new iam.PolicyStatement({
        sid: 'EcsTaskDefinitions',
        actions: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
        resources: [arn('ecs', `task-definition/${config.service.name}:*`)],
      }),
      new iam.PolicyStatement({
        sid: 'PassEcsTaskRoles',
        actions: ['iam:PassRole'],
        resources: [roleArn(names.ecsTaskExecution), roleArn(names.ecsTask)],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
  } else {
    statements.push(
      new iam.PolicyStatement({
        sid: 'EcsExpressDeploy',
        actions: ['ecs:DescribeExpressGatewayService', 'ecs:DescribeServices', 'ecs:UpdateExpressGatewayService'],
        resources: [arn('ecs', `service/${config.service.clusterName}/${config.service.name}`)],
      }),
      new iam.PolicyStatement({
        sid: 'PassEcsExpressRoles',
        actions: ['iam:PassRole'],
        resources: [roleArn(names.ecsTaskExecution), roleArn(names.ecsTask), roleArn(names.ecsInfrastructure)],
        // The infrastructure role goes to ECS itself, the task roles to ECS tasks.
        conditions: { StringEquals: { 'iam:PassedToService': ['ecs.amazonaws.com', 'ecs-tasks.amazonaws.com'] } },
      }),
    );
  }
  return statements;
}
