import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Per-environment settings of the AWS side. Nothing here is an account id, an ARN or a
 * secret: the account comes from the caller's credentials (or `CDK_DEPLOY_ACCOUNT`), and
 * everything else can be overridden with `-c key=value` (see README.md in this folder).
 */

/**
 * Where the API runs; the same names as the release's `DEPLOY_TARGET` variable.
 * - `ecs-express` (default, for new accounts): ECS Express Mode (`AWS::ECS::ExpressGatewayService`):
 *   AWS manages the HTTPS load balancer, certificate, scaling and canary deployments; the release
 *   calls UpdateExpressGatewayService.
 * - `apprunner`: AWS App Runner, for accounts that already use it (closed to new customers
 *   since 2026-04-30); the release calls UpdateService.
 * - `ecs`: an ECS service on Fargate behind an Application Load Balancer; the release registers a
 *   task-definition revision and calls UpdateService.
 * - `lambda`: the API as one Lambda function (release zip) behind a Function URL, reaching
 *   PostgreSQL through RDS Proxy; the release updates the code, publishes a version and moves
 *   the `live` alias.
 */
export type DeployTarget = 'ecs-express' | 'apprunner' | 'ecs' | 'lambda';
const DEPLOY_TARGETS: readonly DeployTarget[] = ['ecs-express', 'apprunner', 'ecs', 'lambda'];

interface GitHubConfig {
  /** Repository owner (organisation or user) as on GitHub, e.g. `conduit-team`. */
  readonly owner: string;
  /** Repository name, e.g. `conduit`. */
  readonly repository: string;
  /**
   * Immutable numeric ids (`gh api repos/OWNER/REPO --jq '.owner.id, .id'`). The trust policy
   * pins GitHub's immutable subject `repo:<owner>@<ownerId>/<repo>@<repoId>:environment:<env>`
   * only: a deleted and re-created owner or repository of the same name gets new ids, so its
   * tokens never match. The format is the default for repositories created or renamed since
   * 2026-07-15; an older repository opts in once (docs/infrastructure.md, first-time setup).
   */
  readonly ownerId: string;
  readonly repositoryId: string;
  /** The GitHub deployment environment whose jobs may assume the deploy role. */
  readonly environment: string;
  /** The one workflow whose jobs may assume the deploy role (path in the repository). */
  readonly releaseWorkflow: string;
  /**
   * The refs that workflow may run from (`job_workflow_ref` is `<owner>/<repo>/<workflow>@<ref>`):
   * release tags (a published release runs at its tag) and main (a re-deploy by hand).
   */
  readonly releaseRefs: readonly string[];
  /**
   * ARN of an existing `token.actions.githubusercontent.com` OIDC provider in the account (an
   * account holds at most one per URL). Unset: this app creates it.
   */
  readonly oidcProviderArn?: string;
}

export interface EnvironmentConfig {
  /** Environment name, part of every stack and resource name (`production`). */
  readonly name: string;
  /** Target account; undefined = environment-agnostic template (offline synth and tests). */
  readonly account?: string;
  readonly region: string;
  readonly github: GitHubConfig;
  readonly ecr: {
    readonly repositoryName: string;
    /** How many release images the lifecycle policy keeps (older ones expire). */
    readonly keepReleaseImages: number;
    /** Untagged images (failed or superseded pushes) expire after this many days. */
    readonly untaggedExpiryDays: number;
  };
  readonly deployTarget: DeployTarget;
  readonly service: {
    /** App Runner service name, ECS service name and prefix of the role names. */
    readonly name: string;
    /** ECS cluster name (ECS targets only). */
    readonly clusterName: string;
    readonly port: number;
    readonly healthCheckPath: string;
    /** App Runner: `1 vCPU`; ECS: the same values are mapped to CPU units. */
    readonly cpu: '0.25 vCPU' | '0.5 vCPU' | '1 vCPU' | '2 vCPU' | '4 vCPU';
    readonly memory: '0.5 GB' | '1 GB' | '2 GB' | '3 GB' | '4 GB' | '6 GB' | '8 GB' | '10 GB' | '12 GB';
    readonly minInstances: number;
    readonly maxInstances: number;
    /** App Runner: concurrent requests per instance before scaling out. */
    readonly maxConcurrency: number;
    readonly logLevel: string;
    /**
     * API_DOCS in production: `off` hides /api/docs and /api/openapi.json. The OpenAPI
     * document is published with the typed client (libs/api-client/openapi.json), so the live
     * service need not serve the docs UI and its static assets.
     */
    readonly apiDocs: 'on' | 'off';
    /**
     * CORS_ORIGINS: `*` or a comma list. `*` is safe for this API: tokens travel in the
     * Authorization header, never in cookies, so a foreign page cannot act with a user's
     * credentials. Narrow it to the web app's origin once there is one (-c corsOrigins=…).
     */
    readonly corsOrigins: string;
    /** ECS Fargate only: ACM certificate for HTTPS on the load balancer (else HTTP only). */
    readonly certificateArn?: string;
  };
  /** The `lambda` target (see docs/infrastructure.md for when to choose it). */
  readonly lambda: {
    /**
     * arm64 (Graviton): about 20% less per GB-second than x86_64 at the same memory, and the
     * bundle is plain JavaScript (node-postgres, no native addon: SQLite is not offered on
     * Lambda). A zip that ever carries a native module must carry its linux-arm64 build.
     */
    readonly architecture: 'arm64' | 'x86_64';
    /** Memory, and with it CPU (1 vCPU per 1769 MB). */
    readonly memoryMiB: number;
    readonly timeoutSeconds: number;
    /**
     * Reserved concurrency: at most this many requests run at once (429 past it, not a
     * queue), which bounds the database connections through RDS Proxy and the bill, and
     * keeps that many executions for the API whatever else runs in the account. AWS keeps 100
     * of the account's concurrency unreserved, so this needs a quota of at least N + 100
     * (new accounts may start lower: then deploy with -c lambdaReservedConcurrency=none).
     */
    readonly reservedConcurrency?: number;
    readonly logRetention: logs.RetentionDays;
  };
  readonly database: {
    readonly instanceType: string;
    readonly multiAz: boolean;
    readonly allocatedStorageGiB: number;
    readonly maxAllocatedStorageGiB: number;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly databaseName: string;
    readonly username: string;
    /**
     * Where the app finds the RDS CA bundle (every region's RDS root CAs plus the Amazon roots
     * that RDS Proxy's certificate chains to). DATABASE_URL carries
     * `sslmode=verify-full&sslrootcert=<path>`: node-postgres then checks the server's
     * certificate against the bundle and its name against the endpoint, so nobody in the
     * network path can pose as the database. The image has the file at `/app/certs/…`
     * (its WORKDIR is /app); the Lambda zip's root is `/var/task`.
     */
    readonly caBundle: { readonly container: string; readonly lambda: string };
  };
  readonly network: {
    readonly maxAzs: number;
    readonly natGateways: number;
  };
}

/** A committed environment: the GitHub ids may come from context (`-c githubOwnerId=…`) instead. */
type EnvironmentSettings = Omit<EnvironmentConfig, 'github'> & {
  readonly github: Omit<GitHubConfig, 'ownerId' | 'repositoryId'> & Partial<Pick<GitHubConfig, 'ownerId' | 'repositoryId'>>;
};

/** The committed environments. Add `staging` here when it is needed. */
const ENVIRONMENTS: Record<string, EnvironmentSettings> = {
  production: {
    name: 'production',
    region: 'eu-central-1',
    github: {
      owner: 'conduit-team',
      repository: 'conduit',
      // ownerId / repositoryId: this repository's ids (first-time setup, step 1).
      environment: 'production',
      releaseWorkflow: '.github/workflows/release.yml',
      releaseRefs: ['refs/tags/v*', 'refs/heads/main'],
    },
    ecr: { repositoryName: 'conduit-api', keepReleaseImages: 30, untaggedExpiryDays: 14 },
    deployTarget: 'ecs-express',
    service: {
      name: 'conduit-api-production',
      clusterName: 'conduit-production',
      port: 3000,
      healthCheckPath: '/api/health',
      cpu: '1 vCPU',
      memory: '2 GB',
      minInstances: 2,
      maxInstances: 6,
      maxConcurrency: 80,
      logLevel: 'info',
      apiDocs: 'off',
      corsOrigins: '*',
    },
    lambda: {
      architecture: 'arm64',
      // 1024 MB for now: `npm run bench` measures cold start and latency per memory size, and
      // sizes it (cold start time falls with memory up to about 1769 MB = 1 vCPU).
      memoryMiB: 1024,
      // The API's own request timeout (REQUEST_TIMEOUT_MS) is 30 s; a Function URL allows 15 min.
      timeoutSeconds: 30,
      reservedConcurrency: 50,
      logRetention: logs.RetentionDays.ONE_MONTH,
    },
    database: {
      instanceType: 't4g.small',
      multiAz: true,
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
      backupRetentionDays: 14,
      deletionProtection: true,
      databaseName: 'conduit',
      username: 'conduit',
      caBundle: {
        container: '/app/certs/aws-rds-ca-bundle.pem',
        lambda: '/var/task/certs/aws-rds-ca-bundle.pem',
      },
    },
    network: { maxAzs: 2, natGateways: 1 },
  },
};

/** Reads a context value (`-c key=value` or cdk.json) as a string. */
export type ContextReader = (key: string) => unknown;

function str(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

/**
 * Picks the environment (`-c env=production`) and applies context overrides:
 * `account`, `region`, `deployTarget`, `githubOwner`, `githubRepository`,
 * `githubOwnerId`, `githubRepositoryId`, `githubOidcProviderArn`,
 * `certificateArn`, `corsOrigins`, `lambdaReservedConcurrency` (a number or `none`). Account falls back to `CDK_DEPLOY_ACCOUNT`, then `CDK_DEFAULT_ACCOUNT`
 * (set by the CDK CLI from the credentials in use).
 */
export function loadConfig(read: ContextReader, env: NodeJS.ProcessEnv = process.env): EnvironmentConfig {
  const name = str(read, 'env') ?? 'production';
  const base = ENVIRONMENTS[name];
  if (!base) {
    throw new Error(`unknown environment "${name}" (known: ${Object.keys(ENVIRONMENTS).join(', ')})`);
  }
  const deployTarget = (str(read, 'deployTarget') ?? base.deployTarget) as DeployTarget;
  if (!DEPLOY_TARGETS.includes(deployTarget)) {
    throw new Error(`deployTarget must be one of ${DEPLOY_TARGETS.join(', ')}, got "${deployTarget}"`);
  }
  const ownerId = str(read, 'githubOwnerId') ?? base.github.ownerId;
  const repositoryId = str(read, 'githubRepositoryId') ?? base.github.repositoryId;
  if (ownerId === undefined || repositoryId === undefined) {
    throw new Error(
      'the deploy role trusts GitHub\'s immutable OIDC subject: set github.ownerId and github.repositoryId in ' +
        "apps/infra/src/config.ts (or -c githubOwnerId=… -c githubRepositoryId=…); gh api repos/OWNER/REPO --jq '.owner.id, .id'",
    );
  }
  for (const id of [ownerId, repositoryId]) {
    if (!/^\d+$/.test(id)) throw new Error(`GitHub ids are numeric, got "${id}"`);
  }
  const github: GitHubConfig = {
    ...base.github,
    owner: str(read, 'githubOwner') ?? base.github.owner,
    repository: str(read, 'githubRepository') ?? base.github.repository,
    ownerId,
    repositoryId,
    oidcProviderArn: str(read, 'githubOidcProviderArn') ?? base.github.oidcProviderArn,
  };
  const account = str(read, 'account') ?? env['CDK_DEPLOY_ACCOUNT'] ?? env['CDK_DEFAULT_ACCOUNT'] ?? base.account;
  const region = str(read, 'region') ?? env['CDK_DEPLOY_REGION'] ?? base.region;
  return {
    ...base,
    account,
    region,
    deployTarget,
    github,
    lambda: { ...base.lambda, reservedConcurrency: reservedConcurrency(read, base.lambda.reservedConcurrency) },
    service: {
      ...base.service,
      certificateArn: str(read, 'certificateArn') ?? base.service.certificateArn,
      corsOrigins: str(read, 'corsOrigins') ?? base.service.corsOrigins,
    },
  };
}

function reservedConcurrency(read: ContextReader, committed: number | undefined): number | undefined {
  const value = str(read, 'lambdaReservedConcurrency');
  if (value === undefined) return committed;
  if (value === 'none') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new Error(`lambdaReservedConcurrency must be a positive number or none, got "${value}"`);
  }
  return Number(value);
}

/** `Conduit-production-Delivery` etc.: the names the release tooling and docs use. */
export function stackNames(config: EnvironmentConfig) {
  return {
    delivery: `Conduit-${config.name}-Delivery`,
    data: `Conduit-${config.name}-Data`,
    service: `Conduit-${config.name}-Service`,
  };
}

/**
 * Role names are fixed (not generated) so that the deploy role in the Delivery stack can
 * allow `iam:PassRole` on exactly these roles without a cross-stack reference.
 */
export function roleNames(config: EnvironmentConfig) {
  const prefix = config.service.name;
  return {
    deploy: `${prefix}-github-deploy`,
    appRunnerAccess: `${prefix}-apprunner-ecr-access`,
    appRunnerInstance: `${prefix}-apprunner-instance`,
    ecsTaskExecution: `${prefix}-ecs-task-execution`,
    ecsTask: `${prefix}-ecs-task`,
    ecsInfrastructure: `${prefix}-ecs-infrastructure`,
    lambdaFunction: `${prefix}-lambda`,
  };
}
