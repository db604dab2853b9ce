import { CfnParameter } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { Suppression } from '../nag';

/**
 * The API image the container targets run: a release tag in the one ECR repository. The tag
 * is a stack parameter: the release flow deploys a tag, and a later `cdk deploy` without
 * `--parameters` keeps the previous value.
 */
export class ContainerImage {
  readonly tag: CfnParameter;
  readonly repository: ecr.IRepository;

  constructor(scope: Construct, config: EnvironmentConfig, defaultTag?: string) {
    this.tag = new CfnParameter(scope, 'ImageTag', {
      type: 'String',
      description: 'Release tag of the API image in ECR (immutable), e.g. v1.2.3',
      allowedPattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
      ...(defaultTag ? { default: defaultTag } : {}),
    });
    // By name, not by reference: the Delivery stack stays independent of this one.
    this.repository = ecr.Repository.fromRepositoryName(scope, 'ApiRepository', config.ecr.repositoryName);
  }

  /** `<registry>/<repository>:<tag>` */
  get uri(): string {
    return `${this.repository.repositoryUri}:${this.tag.valueAsString}`;
  }

  /** Lets a runtime role (App Runner access role, ECS execution role) pull this image. */
  grantPull(role: iam.Role): void {
    role.addToPolicy(new iam.PolicyStatement({ actions: ECR_PULL, resources: [this.repository.repositoryArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  }
}

/** ECR pull actions for a runtime role: reads of the one repository. */
const ECR_PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer'];

/** The registry login of {@link ContainerImage.grantPull}, acknowledged where a role pulls. */
export const ECR_LOGIN_ON_STAR: Suppression = {
  id: 'AwsSolutions-IAM5',
  reason: 'ecr:GetAuthorizationToken only exists on "*" (a registry login); pulls are limited to the API repository.',
  appliesTo: ['Resource::*'],
};
