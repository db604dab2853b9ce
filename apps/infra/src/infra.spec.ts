import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from './config';
import { OUTPUTS } from './outputs';
import { nodeOptionsFor } from './targets/node-options';
import { acknowledgements, allTemplates, nagFindings, synth, Synthesized, TEST_GITHUB_IDS } from './test-support';

// Three variants of the production environment, synthesized once each (≈3 s apiece).
let appRunner: Synthesized;
let ecsFargate: Synthesized;
let ecsExpress: Synthesized;
let lambdaTarget: Synthesized;

beforeAll(() => {
  appRunner = synth({ deployTarget: 'apprunner' });
  ecsFargate = synth({ deployTarget: 'ecs', imageTag: 'v1.2.3' });
  ecsExpress = synth({ deployTarget: 'ecs-express' });
  lambdaTarget = synth({ deployTarget: 'lambda' });
});

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function deployStatements(t: Template): Statement[] {
  const policies = Object.values(t.findResources('AWS::IAM::Policy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement as Statement[];
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** IAM's StringLike: `*` matches any run of characters, `?` one; nothing else is special. */
function globMatches(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

describe('ECR repository', () => {
  it('has immutable tags without exclusions, scan on push and a retention of the last 30 images', () => {
    appRunner.delivery.resourceCountIs('AWS::ECR::Repository', 1);
    appRunner.delivery.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'conduit-api',
      ImageTagMutability: 'IMMUTABLE',
      ImageTagMutabilityExclusionFilters: Match.absent(),
      ImageScanningConfiguration: { ScanOnPush: true },
    });
    const repo = Object.values(appRunner.delivery.findResources('AWS::ECR::Repository'))[0];
    expect(repo.DeletionPolicy).toBe('Retain');
    const rules = JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText).rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          selection: expect.objectContaining({ tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }),
          action: { type: 'expire' },
        }),
      ]),
    );
  });
});

describe('GitHub OIDC deploy role', () => {
  it('creates the GitHub OIDC provider for the STS audience', () => {
    appRunner.delivery.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it('trusts only the release workflow in the production environment of this repository (immutable ids), with the STS audience', () => {
    appRunner.delivery.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'conduit-api-production-github-deploy',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: { Ref: Match.stringLikeRegexp('GitHubOidc') } },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:conduit-team@1234/conduit@5678:environment:production',
              },
              StringLike: {
                'token.actions.githubusercontent.com:job_workflow_ref': [
                  'conduit-team/conduit/.github/workflows/release.yml@refs/tags/v*',
                  'conduit-team/conduit/.github/workflows/release.yml@refs/heads/main',
                ],
              },
            },
          },
        ],
      },
    });
  });

  it('refuses tokens of another workflow, another ref, another environment or the name-based subject', () => {
    // The trust policy evaluated as STS would (StringEquals exact, StringLike with `*`), on
    // the claims GitHub puts into a token.
    const trust = Object.values(appRunner.delivery.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument
      .Statement[0].Condition as Record<'StringEquals' | 'StringLike', Record<string, string | string[]>>;
    const allowed = (claims: Record<string, string>) =>
      Object.entries(trust).every(([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) => {
          const claim = claims[key.replace('token.actions.githubusercontent.com:', '')];
          return list(expected).some((value) =>
            operator === 'StringEquals' ? claim === value : claim !== undefined && globMatches(value, claim),
          );
        }),
      );
    const release = {
      aud: 'sts.amazonaws.com',
      sub: 'repo:conduit-team@1234/conduit@5678:environment:production',
      job_workflow_ref: 'conduit-team/conduit/.github/workflows/release.yml@refs/tags/v1.2.3',
    };
    expect(allowed(release)).toBe(true);
    expect(allowed({ ...release, job_workflow_ref: 'conduit-team/conduit/.github/workflows/release.yml@refs/heads/main' })).toBe(true);
    expect(allowed({ ...release, job_workflow_ref: 'conduit-team/conduit/.github/workflows/ci.yml@refs/heads/main' })).toBe(false);
    expect(allowed({ ...release, job_workflow_ref: 'conduit-team/conduit/.github/workflows/release.yml@refs/heads/feature' })).toBe(false);
    expect(allowed({ ...release, job_workflow_ref: 'someone/fork/.github/workflows/release.yml@refs/tags/v1.2.3' })).toBe(false);
    expect(allowed({ ...release, sub: 'repo:conduit-team@1234/conduit@5678:environment:staging' })).toBe(false);
    expect(allowed({ ...release, sub: 'repo:conduit-team/conduit:environment:production' })).toBe(false);
    expect(allowed({ ...release, sub: 'repo:conduit-team@9999/conduit@5678:environment:production' })).toBe(false);
    expect(allowed({ ...release, aud: 'https://github.com/conduit-team' })).toBe(false);
  });

  it('pins the ids it is given and refuses to synthesize without them', () => {
    const other = synth({ githubOwnerId: '42', githubRepositoryId: '43' });
    other.delivery.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: Match.objectLike({
              StringEquals: Match.objectLike({
                'token.actions.githubusercontent.com:sub': 'repo:conduit-team@42/conduit@43:environment:production',
              }),
            }),
          }),
        ],
      },
    });
    expect(() => loadConfig((key) => ({ githubOwnerId: '42' })[key], {})).toThrow(/github.ownerId and github.repositoryId/);
  });

  it('imports an existing OIDC provider instead of creating a second one', () => {
    const s = synth({ githubOidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' });
    s.delivery.resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  /** Actions IAM authorises only on "*" (no resource-level permissions). */
  const STAR_ONLY_ACTIONS = ['ecr:GetAuthorizationToken', 'ecs:DescribeTaskDefinition'];

  it.each([
    // A wildcard stands for an id AWS assigns (App Runner service id, revision, deployment id,
    // the family Express Mode names), never for one of our names.
    ['apprunner', () => appRunner, [':service/conduit-api-production/*']],
    ['ecs fargate', () => ecsFargate, [':task-definition/conduit-api-production:*']],
    ['ecs express', () => ecsExpress, [':service-deployment/conduit-production/conduit-api-production/*', ':task-definition/*']],
    ['lambda', () => lambdaTarget, [':function:conduit-api-production:*']],
  ])('has no "*" action, "*" resources only for actions IAM grants on "*" alone, and only the expected wildcards (%s)', (_name, get, wildcards) => {
    const seen: string[] = [];
    for (const st of deployStatements(get().delivery)) {
      expect(st.Effect).toBe('Allow');
      for (const action of list(st.Action)) expect(action).not.toContain('*');
      for (const resource of list(st.Resource)) {
        if (resource === '*') {
          for (const action of list(st.Action)) expect(STAR_ONLY_ACTIONS).toContain(action);
        } else if (JSON.stringify(resource).includes('*')) {
          seen.push(JSON.stringify(resource).match(/:[a-z-]+[/:][^"]*\*/)?.[0] ?? JSON.stringify(resource));
        }
      }
    }
    expect(seen.sort()).toEqual([...wildcards].sort());
  });

  it('pushes to the one repository, deploys the one App Runner service and passes only its two roles', () => {
    const statements = deployStatements(appRunner.delivery);
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(['AppRunnerDeploy', 'EcrLogin', 'EcrPushApiImage', 'PassAppRunnerRoles']);
    expect(bySid['EcrPushApiImage'].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiRepository/), 'Arn'] });
    expect(list(bySid['EcrPushApiImage'].Action)).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:CompleteLayerUpload']));
    expect(list(bySid['AppRunnerDeploy'].Action).sort()).toEqual([
      'apprunner:DescribeService',
      'apprunner:ListOperations',
      'apprunner:UpdateService',
    ]);
    expect(JSON.stringify(bySid['AppRunnerDeploy'].Resource)).toContain(':service/conduit-api-production/*');
    const passed = JSON.stringify(bySid['PassAppRunnerRoles'].Resource);
    expect(passed).toContain(':role/conduit-api-production-apprunner-ecr-access');
    expect(passed).toContain(':role/conduit-api-production-apprunner-instance');
    expect(bySid['PassAppRunnerRoles'].Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'apprunner.amazonaws.com' },
    });
  });

  it('for ECS (Fargate): updates the one service and passes only the task and execution roles', () => {
    const bySid = Object.fromEntries(deployStatements(ecsFargate.delivery).map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'EcrLogin',
      'EcrPushApiImage',
      'EcsDeployService',
      'EcsReadTaskDefinitions',
      'EcsRegisterTaskDefinition',
      'PassEcsTaskRoles',
    ]);
    expect(list(bySid['EcsDeployService'].Action).sort()).toEqual(['ecs:DescribeServices', 'ecs:UpdateService']);
    expect(JSON.stringify(bySid['EcsDeployService'].Resource)).toContain(':service/conduit-production/conduit-api-production');
    expect(bySid['EcsRegisterTaskDefinition'].Action).toBe('ecs:RegisterTaskDefinition');
    expect(JSON.stringify(bySid['EcsRegisterTaskDefinition'].Resource)).toContain(':task-definition/conduit-api-production:*');
    // No resource-level permissions for DescribeTaskDefinition: on an ARN it would be denied.
    expect(bySid['EcsReadTaskDefinitions']).toMatchObject({ Action: 'ecs:DescribeTaskDefinition', Resource: '*' });
    const passed = JSON.stringify(bySid['PassEcsTaskRoles'].Resource);
    expect(passed).toContain(':role/conduit-api-production-ecs-task-execution');
    expect(passed).toContain(':role/conduit-api-production-ecs-task"');
  });

  it('for ECS Express: updates the one service, follows its deployments and passes only its three roles', () => {
    const bySid = Object.fromEntries(deployStatements(ecsExpress.delivery).map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'EcrLogin',
      'EcrPushApiImage',
      'EcsExpressDeploy',
      'EcsExpressDeployments',
      'EcsExpressTaskDefinitions',
      'PassEcsExpressRoles',
    ]);
    expect(list(bySid['EcsExpressDeploy'].Action).sort()).toEqual([
      'ecs:DescribeExpressGatewayService',
      'ecs:DescribeServices',
      'ecs:ListServiceDeployments',
      'ecs:UpdateExpressGatewayService',
    ]);
    expect(JSON.stringify(bySid['EcsExpressDeploy'].Resource)).toMatch(/:service\/conduit-production\/conduit-api-production"/);
    expect(bySid['EcsExpressDeployments'].Action).toBe('ecs:DescribeServiceDeployments');
    const deployments = JSON.stringify(bySid['EcsExpressDeployments'].Resource);
    expect(deployments).toMatch(/:service\/conduit-production\/conduit-api-production"/);
    expect(deployments).toContain(':service-deployment/conduit-production/conduit-api-production/*');
    // UpdateExpressGatewayService registers the revision as the caller.
    expect(bySid['EcsExpressTaskDefinitions'].Action).toBe('ecs:RegisterTaskDefinition');
    const passed = JSON.stringify(bySid['PassEcsExpressRoles'].Resource);
    for (const role of ['ecs-task-execution', 'ecs-task"', 'ecs-infrastructure']) {
      expect(passed).toContain(`:role/conduit-api-production-${role}`);
    }
    expect(bySid['PassEcsExpressRoles'].Condition).toEqual({
      StringEquals: { 'iam:PassedToService': ['ecs.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
    });
  });
});

describe('PostgreSQL', () => {
  it('is private, encrypted, backed up, Multi-AZ and deletion-protected in production', () => {
    appRunner.data.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      StorageEncrypted: true,
      PubliclyAccessible: false,
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      Port: '5432',
      DBName: 'conduit',
      MasterUserPassword: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\{\\{resolve:secretsmanager:')])],
      },
    });
    const db = Object.values(appRunner.data.findResources('AWS::RDS::DBInstance'))[0];
    expect(db.DeletionPolicy).toBe('Snapshot');
    appRunner.data.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('lives in the isolated subnets, reachable on 5432 from the API security group only', () => {
    const subnetGroup = Object.values(appRunner.data.findResources('AWS::RDS::DBSubnetGroup'))[0];
    const refs = JSON.stringify(subnetGroup.Properties.SubnetIds);
    expect(refs).toContain('Vpcdata');
    expect(refs).not.toContain('Vpcapp');
    expect(refs).not.toContain('Vpcpublic');
    appRunner.data.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    appRunner.service.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] },
    });
  });

  it('builds DATABASE_URL inside a secret from dynamic references only', () => {
    appRunner.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'conduit/production/database-url',
      SecretString: {
        'Fn::Join': [
          '',
          [
            'postgres://{{resolve:secretsmanager:',
            { Ref: Match.stringLikeRegexp('^DatabaseCredentialsAttachment') },
            ':SecretString:username::}}:{{resolve:secretsmanager:',
            { Ref: Match.stringLikeRegexp('^DatabaseCredentialsAttachment') },
            ':SecretString:password::}}@',
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^Database'), 'Endpoint.Address'] },
            ':',
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^Database'), 'Endpoint.Port'] },
            '/conduit?sslmode=verify-full&sslrootcert=/app/certs/aws-rds-ca-bundle.pem',
          ],
        ],
      },
    });
    // The generated credentials are URL-safe: no punctuation to escape in the URL.
    appRunner.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'conduit/production/database-credentials',
      GenerateSecretString: Match.objectLike({ ExcludePunctuation: true, GenerateStringKey: 'password' }),
    });
    appRunner.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'conduit/production/jwt-secret',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });
});

describe('production settings of the API', () => {
  /** The plain environment of the one container each container target runs. */
  function containerEnvironment(s: Synthesized): Record<string, unknown> {
    const json = s.service.toJSON();
    const [env] = [...findAll(json, 'RuntimeEnvironmentVariables'), ...findAll(json, 'Environment')].filter(
      (e) => (e as Array<Record<string, unknown>>).some((kv) => (kv['Name'] ?? kv['name']) === 'NODE_ENV'),
    );
    return Object.fromEntries((env as Array<Record<string, unknown>>).map((kv) => [kv['Name'] ?? kv['name'], kv['Value'] ?? kv['value']]));
  }

  it.each([
    ['apprunner', () => appRunner],
    ['ecs fargate', () => ecsFargate],
    ['ecs express', () => ecsExpress],
  ])('%s: one proxy hop trusted, API docs off, CORS set explicitly, V8 sized for the 2 GB instance', (_name, get) => {
    expect(containerEnvironment(get())).toMatchObject({
      NODE_ENV: 'production',
      TRUST_PROXY: '1',
      API_DOCS: 'off',
      CORS_ORIGINS: '*',
      DB_MIGRATIONS: 'on',
      NODE_OPTIONS: '--max-old-space-size=1440 --max-semi-space-size=8',
    });
  });

  it('caps the old space at 75 % of what ~128 MiB of native memory leave, whatever the instance size', () => {
    expect(nodeOptionsFor(512)).toBe('--max-old-space-size=288 --max-semi-space-size=8');
    expect(nodeOptionsFor(1024)).toBe('--max-old-space-size=672 --max-semi-space-size=8');
    expect(nodeOptionsFor(4096)).toBe('--max-old-space-size=2976 --max-semi-space-size=8');
    expect(() => nodeOptionsFor(192)).toThrow(/too small/);
  });

  it('takes the CORS origins from context', () => {
    expect(containerEnvironment(synth({ deployTarget: 'ecs-express', corsOrigins: 'https://app.example.com' }))).toMatchObject({
      CORS_ORIGINS: 'https://app.example.com',
    });
  });
});

describe('no plaintext secret in any template', () => {
  it.each([
    ['apprunner', () => appRunner],
    ['ecs fargate', () => ecsFargate],
    ['ecs express', () => ecsExpress],
    ['lambda', () => lambdaTarget],
  ])('%s', (_name, get) => {
    for (const [, template] of Object.entries(allTemplates(get()))) {
      const json = template.toJSON();
      // Every Secrets Manager value is generated by AWS or made of dynamic references.
      for (const secret of Object.values(template.findResources('AWS::SecretsManager::Secret'))) {
        const value = secret.Properties.SecretString;
        if (value === undefined) {
          expect(secret.Properties.GenerateSecretString).toBeDefined();
        } else {
          const literals = JSON.stringify(value).match(/"[^"]*"/g) ?? [];
          const text = literals.join(' ').replace(/\{\{resolve:secretsmanager:[^}]*\}\}/g, '');
          expect(text).not.toMatch(/resolve:ssm|password=|[A-Za-z0-9]{24,}/);
        }
      }
      // No parameter carries a secret default, and no plain environment variable is a secret.
      for (const p of Object.values((json.Parameters ?? {}) as Record<string, { NoEcho?: boolean; Default?: unknown }>)) {
        expect(String(p.Default ?? '')).not.toMatch(/postgres:\/\/|secret/i);
      }
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/postgres:\/\/[^{"]*:[^{"]+@/); // user:password@ outside a dynamic reference
      for (const env of [
        ...findAll(json, 'RuntimeEnvironmentVariables'),
        ...findAll(json, 'Environment'),
      ]) {
        for (const kv of list(env) as Array<{ Name?: string; name?: string }>) {
          expect(['DATABASE_URL', 'JWT_SECRET']).not.toContain(kv.Name ?? kv.name);
        }
      }
      // Lambda: Environment.Variables is an object, and must not carry a resolved secret either.
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
        const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
        expect(Object.keys(variables)).not.toEqual(expect.arrayContaining(['DATABASE_URL']));
        expect(Object.keys(variables)).not.toEqual(expect.arrayContaining(['JWT_SECRET']));
        expect(JSON.stringify(variables)).not.toContain('{{resolve:');
      }
    }
  });
});

function findAll(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, key, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && Array.isArray(v)) out.push(v);
      findAll(v, key, out);
    }
  }
  return out;
}

describe('App Runner service', () => {
  it('runs the ECR image at the ImageTag parameter on port 3000 with the secrets injected', () => {
    appRunner.service.hasParameter('ImageTag', { Type: 'String', Default: Match.absent() });
    appRunner.service.hasResourceProperties('AWS::AppRunner::Service', {
      ServiceName: 'conduit-api-production',
      SourceConfiguration: {
        AutoDeploymentsEnabled: false,
        AuthenticationConfiguration: { AccessRoleArn: Match.anyValue() },
        ImageRepository: {
          ImageRepositoryType: 'ECR',
          ImageIdentifier: { 'Fn::Join': ['', Match.arrayWith(['/conduit-api:', { Ref: 'ImageTag' }])] },
          ImageConfiguration: {
            Port: '3000',
            RuntimeEnvironmentVariables: Match.arrayWith([
              { Name: 'NODE_ENV', Value: 'production' },
              { Name: 'LOG_LEVEL', Value: 'info' },
              { Name: 'APP_VERSION', Value: { Ref: 'ImageTag' } },
              { Name: 'DB_MIGRATIONS', Value: 'on' },
            ]),
            RuntimeEnvironmentSecrets: [
              { Name: 'DATABASE_URL', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('DatabaseUrl') } },
              { Name: 'JWT_SECRET', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('JwtSecret') } },
            ],
          },
        },
      },
      HealthCheckConfiguration: Match.objectLike({ Protocol: 'HTTP', Path: '/api/health' }),
      NetworkConfiguration: {
        EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: Match.anyValue() },
        IngressConfiguration: { IsPubliclyAccessible: true },
      },
    });
  });

  it('scales between the configured bounds and reaches the database through a VPC connector', () => {
    appRunner.service.hasResourceProperties('AWS::AppRunner::AutoScalingConfiguration', {
      MinSize: 2,
      MaxSize: 6,
      MaxConcurrency: 80,
    });
    appRunner.service.hasResourceProperties('AWS::AppRunner::VpcConnector', {
      Subnets: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('Vpcapp') }]),
    });
  });

  it('has an ECR access role (with ecr:DescribeImages) and an instance role that reads the two secrets', () => {
    appRunner.service.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'conduit-api-production-apprunner-ecr-access',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'build.apprunner.amazonaws.com' } })],
      },
    });
    appRunner.service.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage', 'ecr:DescribeImages']) }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^AppRunnerAccessRole') }],
    });
    appRunner.service.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'conduit-api-production-apprunner-instance',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'tasks.apprunner.amazonaws.com' } })],
      },
    });
    appRunner.service.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('DatabaseUrl') },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^AppRunnerInstanceRole') }],
    });
  });
});

describe('ECS alternative', () => {
  it('Fargate: the task runs the image tag on 3000 with secrets from Secrets Manager, behind an ALB checking /api/health', () => {
    ecsFargate.service.hasParameter('ImageTag', { Default: 'v1.2.3' });
    ecsFargate.service.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'conduit-api-production',
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'api',
          PortMappings: [Match.objectLike({ ContainerPort: 3000 })],
          Secrets: [
            { Name: 'DATABASE_URL', ValueFrom: { 'Fn::ImportValue': Match.stringLikeRegexp('DatabaseUrl') } },
            { Name: 'JWT_SECRET', ValueFrom: { 'Fn::ImportValue': Match.stringLikeRegexp('JwtSecret') } },
          ],
        }),
      ],
    });
    ecsFargate.service.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/api/health',
      Port: 80,
    });
    ecsFargate.service.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'conduit-api-production',
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
    });
    ecsFargate.service.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 6,
    });
  });

  it('Express Mode: image tag, port 3000, health check path and secrets', () => {
    ecsExpress.service.hasResourceProperties('AWS::ECS::ExpressGatewayService', {
      ServiceName: 'conduit-api-production',
      HealthCheckPath: '/api/health',
      PrimaryContainer: Match.objectLike({
        ContainerPort: 3000,
        Image: { 'Fn::Join': ['', Match.arrayWith(['/conduit-api:', { Ref: 'ImageTag' }])] },
        Secrets: [
          { Name: 'DATABASE_URL', ValueFrom: Match.anyValue() },
          { Name: 'JWT_SECRET', ValueFrom: Match.anyValue() },
        ],
      }),
      ScalingTarget: Match.objectLike({ MinTaskCount: 2, MaxTaskCount: 6 }),
    });
  });
});

describe('Lambda target', () => {
  const fn = () => Object.values(lambdaTarget.service.findResources('AWS::Lambda::Function'))[0].Properties;

  it('runs lambda.handler on Node 24 (arm64) with 1 GB, 30 s and reserved concurrency, in the app subnets', () => {
    expect(fn()).toMatchObject({
      FunctionName: 'conduit-api-production',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'lambda.handler',
      MemorySize: 1024,
      Timeout: 30,
      ReservedConcurrentExecutions: 50,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/^ApiFunctionLogs/) } },
    });
    expect(JSON.stringify(fn().VpcConfig.SubnetIds)).toContain('Vpcapp');
    expect(fn().VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^ApiSecurityGroup/), 'GroupId'] }]);
    lambdaTarget.service.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/conduit-api-production',
      RetentionInDays: 30,
    });
  });

  it('takes the reserved concurrency from context, or none at all', () => {
    const fnOf = (s: Synthesized) => Object.values(s.service.findResources('AWS::Lambda::Function'))[0].Properties;
    expect(fnOf(synth({ deployTarget: 'lambda', lambdaReservedConcurrency: '10' })).ReservedConcurrentExecutions).toBe(10);
    expect(fnOf(synth({ deployTarget: 'lambda', lambdaReservedConcurrency: 'none' })).ReservedConcurrentExecutions).toBeUndefined();
    expect(() => loadConfig((key) => ({ ...TEST_GITHUB_IDS, lambdaReservedConcurrency: '0' })[key], {})).toThrow(
      /lambdaReservedConcurrency/,
    );
  });

  it('gets the two secrets by ARN (resolved by the app at cold start), trusts no proxy hop', () => {
    expect(fn().Environment.Variables).toMatchObject({
      NODE_ENV: 'production',
      TRUST_PROXY: '0',
      API_DOCS: 'off',
      CORS_ORIGINS: '*',
      DB_MIGRATIONS: 'on',
      DATABASE_URL_SECRET_ARN: { Ref: expect.stringMatching(/^LambdaDatabaseUrl/) },
      JWT_SECRET_SECRET_ARN: { 'Fn::ImportValue': expect.stringMatching(/JwtSecret/) },
    });
    // Lambda's runtime starts node with heap flags for the function's memory; they would win over NODE_OPTIONS.
    expect(fn().Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
    // The function's role may read exactly those two secrets.
    const policy = Object.values(lambdaTarget.service.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes('ApiFunctionRole'),
    );
    const secretReads = (policy?.Properties.PolicyDocument.Statement as Statement[]).filter((st) =>
      list(st.Action).includes('secretsmanager:GetSecretValue'),
    );
    expect(secretReads.map((st) => st.Resource)).toEqual([
      { Ref: expect.stringMatching(/^LambdaDatabaseUrl/) },
      { 'Fn::ImportValue': expect.stringMatching(/JwtSecret/) },
    ]);
  });

  it('reaches PostgreSQL through RDS Proxy (TLS required, the credentials secret), not directly', () => {
    lambdaTarget.service.hasResourceProperties('AWS::RDS::DBProxy', {
      DBProxyName: 'conduit-api-production',
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: 'DISABLED', SecretArn: { 'Fn::ImportValue': Match.stringLikeRegexp('DatabaseCredentialsAttachment') } })],
    });
    const proxy = Object.values(lambdaTarget.service.findResources('AWS::RDS::DBProxy'))[0];
    expect(JSON.stringify(proxy.Properties.VpcSubnetIds)).toContain('Vpcdata');
    lambdaTarget.service.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      DBInstanceIdentifiers: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Database') }],
    });
    // PostgreSQL accepts the proxy; the proxy accepts the function's group.
    const ingress = Object.entries(lambdaTarget.service.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map(([id]) => id).sort()).toEqual([
      'DatabaseFromProxy',
      expect.stringMatching(/^DatabaseProxySecurityGroupfromConduitproductionServiceApiSecurityGroup/),
    ]);
    const fromProxy = Object.fromEntries(ingress)['DatabaseFromProxy'].Properties;
    expect(fromProxy).toMatchObject({
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseProxySecurityGroup/), 'GroupId'] },
      GroupId: { 'Fn::ImportValue': expect.stringMatching(/DatabaseSecurityGroup/) },
    });
  });

  it('composes its DATABASE_URL from the credentials and the proxy endpoint, verified against the bundled CA', () => {
    lambdaTarget.service.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'conduit/production/lambda-database-url',
      SecretString: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseProxy'), 'Endpoint'] },
            ':5432/conduit?sslmode=verify-full&sslrootcert=/var/task/certs/aws-rds-ca-bundle.pem',
          ]),
        ],
      },
    });
  });

  it('serves the alias live through a public Function URL; live stays on the placeholder until told a version', () => {
    lambdaTarget.service.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionVersion: {
        'Fn::If': ['LiveVersionGiven', { Ref: 'LiveVersion' }, { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiFunctionPlaceholderVersion'), 'Version'] }],
      },
    });
    lambdaTarget.service.hasParameter('LiveVersion', { Default: '', AllowedPattern: '^[0-9]*$' });
    lambdaTarget.service.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', Qualifier: 'live' });
    // No ImageTag: nothing about the Lambda target comes from ECR.
    expect(lambdaTarget.service.toJSON().Parameters?.ImageTag).toBeUndefined();
  });

  it('is created with a placeholder that answers 503 in the error format until the first release', async () => {
    type Answer = { statusCode: number; headers: Record<string, string>; body: string };
    const { handler } = require('./targets/lambda/placeholder/lambda.js') as { handler: () => Promise<Answer> };
    const answer = await handler();
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('60');
    expect(JSON.parse(answer.body)).toEqual({ errors: { service: [expect.stringContaining('not released')] } });
    expect(fn().Code.S3Key).toMatch(/\.zip$/);
  });

  it('deploy role: publish code, check versions and move live on this function only', () => {
    const bySid = Object.fromEntries(deployStatements(lambdaTarget.delivery).map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'EcrLogin',
      'EcrPushApiImage',
      'LambdaCheckVersions',
      'LambdaMoveLiveAlias',
      'LambdaPublishCode',
    ]);
    const resources = (sid: string) => list(bySid[sid].Resource).map((r) => JSON.stringify(r).match(/:function:[^"]*/)?.[0]);
    expect(list(bySid['LambdaPublishCode'].Action).sort()).toEqual([
      'lambda:GetFunctionConfiguration',
      'lambda:PublishVersion',
      'lambda:UpdateFunctionCode',
    ]);
    expect(resources('LambdaPublishCode')).toEqual([':function:conduit-api-production']);
    expect(list(bySid['LambdaCheckVersions'].Action).sort()).toEqual(['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction']);
    expect(resources('LambdaCheckVersions')).toEqual([':function:conduit-api-production:*']);
    expect(list(bySid['LambdaMoveLiveAlias'].Action).sort()).toEqual(['lambda:GetAlias', 'lambda:UpdateAlias']);
    expect(resources('LambdaMoveLiveAlias')).toEqual([':function:conduit-api-production', ':function:conduit-api-production:live']);
  });
});

describe('outputs (contract with the release workflow and deploy script)', () => {
  const names = (t: Template) => Object.keys(t.toJSON().Outputs ?? {}).filter((n) => !n.startsWith('Exports'));

  it('Delivery stack: repository name and URI, deploy role ARN', () => {
    expect(names(appRunner.delivery).sort()).toEqual(
      [OUTPUTS.deployRoleArn, OUTPUTS.ecrRepositoryName, OUTPUTS.ecrRepositoryUri].sort(),
    );
    expect(OUTPUTS).toEqual({
      ecrRepositoryName: 'EcrRepositoryName',
      ecrRepositoryUri: 'EcrRepositoryUri',
      deployRoleArn: 'DeployRoleArn',
      appRunnerServiceArn: 'AppRunnerServiceArn',
      ecsClusterName: 'EcsClusterName',
      ecsServiceName: 'EcsServiceName',
      lambdaFunctionName: 'LambdaFunctionName',
      lambdaAlias: 'LambdaAlias',
      serviceUrl: 'ServiceUrl',
    });
  });

  it('App Runner: service ARN and an https:// URL', () => {
    expect(names(appRunner.service).sort()).toEqual([OUTPUTS.appRunnerServiceArn, OUTPUTS.serviceUrl].sort());
    appRunner.service.hasOutput(OUTPUTS.serviceUrl, {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'ServiceUrl'] }]] },
    });
  });

  it('Lambda: function name, alias and the Function URL without its trailing slash', () => {
    expect(names(lambdaTarget.service).sort()).toEqual([OUTPUTS.lambdaAlias, OUTPUTS.lambdaFunctionName, OUTPUTS.serviceUrl].sort());
    lambdaTarget.service.hasOutput(OUTPUTS.lambdaAlias, { Value: 'live' });
    lambdaTarget.service.hasOutput(OUTPUTS.serviceUrl, {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [Match.anyValue(), 'FunctionUrl'] }] }] }],
        ],
      },
    });
  });

  it('ECS: cluster and service names and the service URL', () => {
    for (const s of [ecsFargate, ecsExpress]) {
      expect(names(s.service)).toEqual(
        expect.arrayContaining([OUTPUTS.ecsClusterName, OUTPUTS.ecsServiceName, OUTPUTS.serviceUrl]),
      );
    }
    ecsExpress.service.hasOutput(OUTPUTS.ecsServiceName, { Value: 'conduit-api-production' });
    ecsFargate.service.hasOutput(OUTPUTS.ecsServiceName, {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiService'), 'Name'] },
    });
    ecsExpress.service.hasOutput(OUTPUTS.serviceUrl, {
      Value: { 'Fn::Join': ['', ['https://', Match.anyValue()]] },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['apprunner', () => appRunner],
    ['ecs fargate', () => ecsFargate],
    ['ecs express', () => ecsExpress],
    ['lambda', () => lambdaTarget],
  ])('reports no unacknowledged error or warning (%s)', (_name, get) => {
    expect(nagFindings(get())).toEqual([]);
  });

  it('every acknowledgement names one rule (or one finding of it) and says why', () => {
    const acks = [appRunner, ecsFargate, ecsExpress, lambdaTarget]
      .flatMap((s) => acknowledgements(s.app))
      .filter((a) => a.source !== 'CloudFormation-Validate'); // aws-cdk-lib's own, for its own constructs
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThan(60);
    }
  });
});

describe('configuration', () => {
  const read = (ctx: Record<string, string>) => (key: string) => ({ ...TEST_GITHUB_IDS, ...ctx })[key];

  it('takes the account from the CLI environment, never from code', () => {
    expect(loadConfig(read({}), {}).account).toBeUndefined();
    expect(loadConfig(read({}), { CDK_DEFAULT_ACCOUNT: '111111111111' }).account).toBe('111111111111');
    expect(loadConfig(read({ account: '222222222222' }), { CDK_DEFAULT_ACCOUNT: '111111111111' }).account).toBe(
      '222222222222',
    );
  });

  it('deploys to ECS Express Mode unless told otherwise (App Runner is closed to new accounts)', () => {
    expect(loadConfig(read({}), {}).deployTarget).toBe('ecs-express');
    expect(loadConfig(read({ deployTarget: 'apprunner' }), {}).deployTarget).toBe('apprunner');
  });

  it('rejects unknown environments, targets and half-configured GitHub ids', () => {
    expect(() => loadConfig(read({ env: 'staging' }), {})).toThrow(/unknown environment/);
    expect(() => loadConfig(read({ deployTarget: 'kubernetes' }), {})).toThrow(/deployTarget/);
    expect(() => loadConfig((key) => ({ githubOwnerId: '1' })[key], {})).toThrow(/repositoryId/);
    expect(() => loadConfig(read({ githubOwnerId: 'one', githubRepositoryId: '2' }), {})).toThrow(/numeric/);
  });
});

describe('snapshots (any template change shows up in review)', () => {
  it('App Runner variant', () => {
    expect(appRunner.delivery.toJSON()).toMatchSnapshot('delivery');
    expect(appRunner.data.toJSON()).toMatchSnapshot('data');
    expect(appRunner.service.toJSON()).toMatchSnapshot('service');
  });

  it('ECS Fargate variant', () => {
    expect(ecsFargate.delivery.toJSON()).toMatchSnapshot('delivery');
    expect(ecsFargate.service.toJSON()).toMatchSnapshot('service');
  });

  it('ECS Express variant', () => {
    expect(ecsExpress.delivery.toJSON()).toMatchSnapshot('delivery');
    expect(ecsExpress.service.toJSON()).toMatchSnapshot('service');
  });

  it('Lambda variant', () => {
    expect(lambdaTarget.delivery.toJSON()).toMatchSnapshot('delivery');
    expect(lambdaTarget.service.toJSON()).toMatchSnapshot('service');
  });
});
