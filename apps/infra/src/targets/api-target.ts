import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EnvironmentConfig } from '../config';
import { Suppression } from '../nag';
import { nodeOptionsFor } from './node-options';

/** One CloudFormation output the release workflow or deploy script reads (names: `outputs.ts`). */
export interface TargetOutput {
  readonly name: string;
  readonly value: string;
  /** Says which GitHub variable it fills. */
  readonly description: string;
}

/**
 * What every deploy target (App Runner, ECS Fargate, ECS Express, Lambda) gives the Service
 * stack: the API's base URL and the outputs the release reads to deploy it. Everything else
 * about a target stays inside its class.
 *
 * The targets (like the Data stack's network, database and secrets) are classes that add
 * their resources to the stack's own scope rather than constructs of their own. CDK derives
 * logical ids, VPC `Name` tags, generated security-group descriptions and policy names from
 * the construct path: wrapping resources in a new construct would rename, and so replace,
 * the RDS instance, the load balancer's security group and the scaling policy of a running
 * environment. Grouping by class keeps every template exactly as it was.
 */
export interface ApiTarget {
  /** `ServiceUrl`: `https://…` (or `http://…`), no trailing slash. */
  readonly url: TargetOutput;
  /** The target's other outputs, e.g. the App Runner service ARN. */
  readonly outputs: readonly TargetOutput[];
}

/** What a target gets from the Service stack. */
export interface ApiTargetProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  /** The API's own security group (the only way into PostgreSQL, directly or through RDS Proxy). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** PostgreSQL's security group (in the Data stack); each target opens 5432 to its own client. */
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly databaseUrlSecret: secretsmanager.ISecret;
  readonly jwtSecret: secretsmanager.ISecret;
}

/**
 * The API's plain (non-secret) settings, the same on every target but for what `target`
 * says (its version, proxies, memory); DATABASE_URL and JWT_SECRET are injected by each target
 * from Secrets Manager.
 */
export function apiEnvironment(
  config: EnvironmentConfig,
  target: {
    readonly appVersion?: string;
    /**
     * TRUST_PROXY: how many proxies the target puts in front of the app. The app takes the
     * client address from X-Forwarded-For only that many hops from the right, so a client
     * cannot choose its own address (and dodge the per-IP rate limit) by sending the header.
     */
    readonly trustProxy: number;
    /**
     * The container's memory: NODE_OPTIONS sizes V8's heap for it (`nodeOptionsFor`). Unset on
     * Lambda, whose runtime starts node with heap flags of its own for the function's memory,
     * and command-line flags win over NODE_OPTIONS.
     */
    readonly memoryMiB?: number;
  },
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(config.service.port),
    LOG_LEVEL: config.service.logLevel,
    // The image's version is its tag: /api/health reports it, the deploy script checks it.
    ...(target.appVersion === undefined ? {} : { APP_VERSION: target.appVersion }),
    // Each new instance migrates at start under a PostgreSQL advisory lock (one wins).
    DB_MIGRATIONS: 'on',
    TRUST_PROXY: String(target.trustProxy),
    API_DOCS: config.service.apiDocs,
    CORS_ORIGINS: config.service.corsOrigins,
    ...(target.memoryMiB === undefined ? {} : { NODE_OPTIONS: nodeOptionsFor(target.memoryMiB) }),
  };
}

/**
 * What the release job may do to one target: the deploy role's target-specific statements,
 * and the cdk-nag findings they raise with the reason each is accepted. Kept next to the
 * construct it deploys, so a change of the release path and of its permissions is one edit.
 */
export interface ReleasePermissions {
  readonly statements: iam.PolicyStatement[];
  readonly acknowledgements: Suppression[];
}
