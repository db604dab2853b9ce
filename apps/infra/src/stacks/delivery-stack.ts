import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EnvironmentConfig, roleNames } from '../config';
import { suppress } from '../nag';
import { OUTPUTS } from '../outputs';
import { releasePermissions } from '../targets';

const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
const STS_AUDIENCE = 'sts.amazonaws.com';

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
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, githubTrustConditions(config)),
    });

    const release = releasePermissions(config);
    const policy = new iam.Policy(this, 'GitHubDeployPolicy', {
      policyName: 'deploy',
      statements: [...imagePushStatements(this.repository.repositoryArn), ...release.statements],
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
      ...release.acknowledgements,
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

/**
 * Who may assume the deploy role: a job of the release workflow (`job_workflow_ref`, one of
 * its allowed refs) in the GitHub environment (`sub`, immutable-id format) of this
 * repository, with the STS audience. AWS STS evaluates GitHub's `job_workflow_ref` claim as a
 * condition key since 2026-02; a job of any other workflow (a pull request's, a new one
 * pushed to a branch) or of the same file run from another branch is refused, even inside
 * the `production` environment.
 */
function githubTrustConditions(config: EnvironmentConfig): Record<string, Record<string, string | string[]>> {
  const { owner, repository, ownerId, repositoryId, environment, releaseWorkflow, releaseRefs } = config.github;
  return {
    StringEquals: {
      [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
      [`${GITHUB_OIDC_HOST}:sub`]: `repo:${owner}@${ownerId}/${repository}@${repositoryId}:environment:${environment}`,
    },
    // StringLike only for the `v*` of release tags (tag creation is limited to maintainers by the
    // tag ruleset); the workflow path and repository are fixed.
    StringLike: {
      [`${GITHUB_OIDC_HOST}:job_workflow_ref`]: releaseRefs.map((ref) => `${owner}/${repository}/${releaseWorkflow}@${ref}`),
    },
  };
}

/** Pushing the API image: the registry login (only on `*`) and the one repository. */
function imagePushStatements(repositoryArn: string): iam.PolicyStatement[] {
  return [
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
}
