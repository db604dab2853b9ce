#!/usr/bin/env node
/**
 * Roll a released image out to AWS App Runner (or Amazon ECS), verify it, roll back on failure.
 *
 *   DEPLOY_TARGET=apprunner APP_RUNNER_SERVICE_ARN=arn:… IMAGE=<ecr>/conduit-api:1.2.3 \
 *   APP_VERSION=1.2.3 SERVICE_URL=https://xyz.awsapprunner.com node tools/release/src/deploy.mjs
 *
 * Steps: read the service's current image → point the service at the new immutable tag →
 * wait for the AWS operation/deployment to finish → GET <SERVICE_URL>/api/health until it
 * answers 200 with `version` = APP_VERSION → done. If the operation fails, times out, or the
 * service reports another version, the previous image is deployed again, checked, and the
 * script exits 1 (2 when the rollback itself fails) so the workflow job fails.
 *
 * Environment:
 *   DEPLOY_TARGET            apprunner (default) | ecs
 *   IMAGE                    full image reference to deploy (registry/repo:tag)
 *   APP_VERSION              version /api/health must report
 *   SERVICE_URL              public base URL of the service (https:// is added if missing)
 *   APP_RUNNER_SERVICE_ARN   (apprunner)
 *   ECS_CLUSTER, ECS_SERVICE (ecs); ECS_CONTAINER_NAME (default: the task's only/first container)
 *   DEPLOY_TIMEOUT_SECONDS   wait for the operation/deployment (default 1200)
 *   HEALTH_TIMEOUT_SECONDS   wait for the right version on /api/health (default 180)
 *   POLL_INTERVAL_SECONDS    between polls (default 10)
 *   AWS_CLI                  the aws command (default `aws`; tests put a fake on PATH)
 * Writes `previous-image`, `deployed-image` and `result` to $GITHUB_OUTPUT and a short
 * report to $GITHUB_STEP_SUMMARY when those are set.
 */
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** Exit codes: 0 deployed and verified; 1 failed and rolled back; 2 failed, rollback failed too; 64 usage. */
const EXIT = { ok: 0, rolledBack: 1, rollbackFailed: 2, usage: 64 };

class DeployError extends Error {}

const env = process.env;
const seconds = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new DeployError(`${name} must be a number of seconds, got "${raw}"`);
  return value * 1000;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => process.stdout.write(`[deploy] ${message}\n`);

/** Runs `aws <args> --output json` and parses its JSON answer. */
function aws(args) {
  const cli = env.AWS_CLI || 'aws';
  return new Promise((resolve, reject) => {
    execFile(
      cli,
      [...args, '--output', 'json'],
      { env: { ...env, AWS_PAGER: '' }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          const detail = (stderr || error.message).trim().split('\n').slice(-3).join(' ');
          reject(new DeployError(`aws ${args.slice(0, 2).join(' ')} failed: ${detail}`));
          return;
        }
        try {
          resolve(stdout.trim() ? JSON.parse(stdout) : {});
        } catch {
          reject(new DeployError(`aws ${args.slice(0, 2).join(' ')} answered non-JSON: ${stdout.slice(0, 200)}`));
        }
      },
    );
  });
}

/** Polls `check` until it returns a value other than undefined, or the deadline passes. */
async function poll(what, timeoutMs, intervalMs, check) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new DeployError(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/**
 * GET <base>/api/health until it answers 200 with the expected version (any version when
 * `expected` is undefined). Returns the last body; throws with what was seen last.
 */
async function verifyHealth(baseUrl, expected, timeoutMs, intervalMs) {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/health`;
  let last = 'no answer';
  try {
    return await poll(`${url} to report version ${expected ?? '(any)'}`, timeoutMs, intervalMs, async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { 'cache-control': 'no-cache' } });
        const text = await res.text();
        last = `HTTP ${res.status} ${text.slice(0, 200)}`;
        if (res.status !== 200) return undefined;
        const body = JSON.parse(text);
        if (expected !== undefined && body.version !== expected) return undefined;
        return body;
      } catch (error) {
        last = `${error instanceof Error ? error.message : String(error)}`;
        return undefined;
      }
    });
  } catch (error) {
    throw new DeployError(`${error instanceof Error ? error.message : String(error)}; last answer: ${last}`);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* App Runner                                                                                 */

const OPERATION_DONE = new Set(['SUCCEEDED']);
const OPERATION_FAILED = new Set(['FAILED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED', 'ROLLBACK_SUCCEEDED']);

function appRunner(config) {
  const arn = config.appRunnerServiceArn;
  const describe = async () => {
    const answer = await aws(['apprunner', 'describe-service', '--service-arn', arn]);
    if (!answer.Service) throw new DeployError('describe-service returned no Service');
    return answer.Service;
  };
  const waitIdle = () =>
    poll('the App Runner service to finish its current operation', config.deployTimeoutMs, config.pollMs, async () => {
      const service = await describe();
      return service.Status === 'OPERATION_IN_PROGRESS' ? undefined : service;
    });
  const waitOperation = (operationId) =>
    poll(`App Runner operation ${operationId}`, config.deployTimeoutMs, config.pollMs, async () => {
      const answer = await aws(['apprunner', 'list-operations', '--service-arn', arn, '--max-results', '20']);
      const op = (answer.OperationSummaryList ?? []).find((o) => o.Id === operationId);
      const status = op?.Status ?? 'UNKNOWN';
      log(`operation ${operationId}: ${status}`);
      if (OPERATION_DONE.has(status)) return status;
      if (OPERATION_FAILED.has(status)) throw new DeployError(`App Runner operation ${operationId} ended ${status}`);
      return undefined;
    });
  let source;
  return {
    name: 'App Runner',
    async current() {
      const service = await waitIdle();
      if (service.Status !== 'RUNNING') throw new DeployError(`service is ${service.Status}, not RUNNING`);
      source = service.SourceConfiguration;
      const image = source?.ImageRepository?.ImageIdentifier;
      if (!image) throw new DeployError('the service has no ImageRepository source (code-based services are not supported)');
      return image;
    },
    async deploy(image) {
      const next = structuredClone(source);
      next.ImageRepository.ImageIdentifier = image;
      // The workflow decides what runs: an ECR push must not start a deployment on its own.
      next.AutoDeploymentsEnabled = false;
      const answer = await aws([
        'apprunner',
        'update-service',
        '--service-arn',
        arn,
        '--source-configuration',
        JSON.stringify(next),
      ]);
      if (!answer.OperationId) throw new DeployError('update-service returned no OperationId');
      log(`update-service started operation ${answer.OperationId}`);
      await waitOperation(answer.OperationId);
    },
    async prepareRollback(previous) {
      // App Runner refuses an update while an operation runs (a timed-out one may still be
      // going); after a failed operation it may already have gone back on its own.
      const service = await waitIdle();
      source = service.SourceConfiguration;
      return source?.ImageRepository?.ImageIdentifier !== previous;
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Amazon ECS                                                                                 */

/** Fields describe-task-definition returns that register-task-definition does not accept. */
const TASK_DEFINITION_READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

function ecs(config) {
  const { ecsCluster: cluster, ecsService: serviceName } = config;
  let taskDefinition;
  let containerName;
  let previousTaskDefinitionArn;
  const describeService = async () => {
    const answer = await aws(['ecs', 'describe-services', '--cluster', cluster, '--services', serviceName]);
    const service = (answer.services ?? [])[0];
    if (!service) throw new DeployError(`ECS service ${serviceName} not found in ${cluster}: ${JSON.stringify(answer.failures ?? [])}`);
    return service;
  };
  const waitRollout = (taskDefinitionArn) =>
    poll(`ECS deployment of ${taskDefinitionArn}`, config.deployTimeoutMs, config.pollMs, async () => {
      const service = await describeService();
      const deployment = (service.deployments ?? []).find((d) => d.taskDefinition === taskDefinitionArn);
      const state = deployment?.rolloutState ?? 'UNKNOWN';
      log(`deployment ${deployment?.id ?? '?'} (${taskDefinitionArn}): ${state}`);
      if (!deployment) throw new DeployError(`no ECS deployment runs ${taskDefinitionArn} any more (rolled back by ECS?)`);
      if (state === 'FAILED') throw new DeployError(`ECS deployment ${deployment.id} FAILED: ${deployment.rolloutStateReason ?? ''}`);
      if (state === 'COMPLETED' && deployment.status === 'PRIMARY') return state;
      return undefined;
    });
  const updateService = async (taskDefinitionArn) => {
    await aws(['ecs', 'update-service', '--cluster', cluster, '--service', serviceName, '--task-definition', taskDefinitionArn]);
    log(`update-service → ${taskDefinitionArn}`);
    await waitRollout(taskDefinitionArn);
  };
  return {
    name: 'Amazon ECS',
    async current() {
      const service = await describeService();
      previousTaskDefinitionArn = service.taskDefinition;
      const answer = await aws(['ecs', 'describe-task-definition', '--task-definition', previousTaskDefinitionArn]);
      taskDefinition = answer.taskDefinition;
      const containers = taskDefinition?.containerDefinitions ?? [];
      const container = config.ecsContainerName
        ? containers.find((c) => c.name === config.ecsContainerName)
        : containers[0];
      if (!container) throw new DeployError(`container ${config.ecsContainerName ?? '(first)'} not in ${previousTaskDefinitionArn}`);
      containerName = container.name;
      return container.image;
    },
    async deploy(image, { rollback } = { rollback: false }) {
      if (rollback) {
        // The previous revision still exists: go back to it instead of registering a copy.
        await updateService(previousTaskDefinitionArn);
        return;
      }
      const next = structuredClone(taskDefinition);
      for (const key of TASK_DEFINITION_READ_ONLY) delete next[key];
      next.containerDefinitions = next.containerDefinitions.map((c) => (c.name === containerName ? { ...c, image } : c));
      const answer = await aws(['ecs', 'register-task-definition', '--cli-input-json', JSON.stringify(next)]);
      const arn = answer.taskDefinition?.taskDefinitionArn;
      if (!arn) throw new DeployError('register-task-definition returned no taskDefinitionArn');
      log(`registered ${arn}`);
      await updateService(arn);
    },
    async prepareRollback() {
      // ECS accepts a new update-service at any time: it supersedes the running deployment.
      return true;
    },
  };
}

/* ------------------------------------------------------------------------------------------ */

function readConfig() {
  const target = (env.DEPLOY_TARGET || 'apprunner').toLowerCase();
  const required = (name) => {
    const value = env[name];
    if (!value) throw new DeployError(`${name} is required`);
    return value;
  };
  if (target !== 'apprunner' && target !== 'ecs') throw new DeployError(`DEPLOY_TARGET must be apprunner or ecs, got "${target}"`);
  const serviceUrl = required('SERVICE_URL');
  return {
    target,
    image: required('IMAGE'),
    version: required('APP_VERSION'),
    serviceUrl: /^https?:\/\//.test(serviceUrl) ? serviceUrl : `https://${serviceUrl}`,
    appRunnerServiceArn: target === 'apprunner' ? required('APP_RUNNER_SERVICE_ARN') : undefined,
    ecsCluster: target === 'ecs' ? required('ECS_CLUSTER') : undefined,
    ecsService: target === 'ecs' ? required('ECS_SERVICE') : undefined,
    ecsContainerName: env.ECS_CONTAINER_NAME || undefined,
    deployTimeoutMs: seconds('DEPLOY_TIMEOUT_SECONDS', 1200),
    healthTimeoutMs: seconds('HEALTH_TIMEOUT_SECONDS', 180),
    pollMs: seconds('POLL_INTERVAL_SECONDS', 10),
  };
}

function report(outputs, summary) {
  if (env.GITHUB_OUTPUT) {
    appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
}

async function main() {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    process.stderr.write(`[deploy] ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const platform = config.target === 'ecs' ? ecs(config) : appRunner(config);

  let previous;
  try {
    previous = await platform.current();
  } catch (error) {
    // Nothing was changed yet: fail without touching the service.
    process.stderr.write(`[deploy] cannot read the service: ${error instanceof Error ? error.message : String(error)}\n`);
    report({ result: 'failed' }, `### Deploy ${config.version}: failed before any change\n${String(error)}`);
    return EXIT.rolledBack;
  }
  log(`${platform.name}: running ${previous}; deploying ${config.image} (version ${config.version})`);

  try {
    if (previous === config.image) {
      log('the service already runs this image: verifying only');
    } else {
      await platform.deploy(config.image);
    }
    const health = await verifyHealth(config.serviceUrl, config.version, config.healthTimeoutMs, config.pollMs);
    log(`verified: ${JSON.stringify(health)}`);
    report(
      { 'previous-image': previous, 'deployed-image': config.image, result: 'deployed' },
      `### Deployed ${config.version} to ${platform.name}\n- image: \`${config.image}\`\n- previous: \`${previous}\`\n- health: \`${JSON.stringify(health)}\``,
    );
    return EXIT.ok;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[deploy] FAILED: ${reason}\n`);
    if (previous === config.image) {
      report({ result: 'failed' }, `### Deploy ${config.version}: failed, nothing to roll back to\n${reason}`);
      return EXIT.rollbackFailed;
    }
    log(`rolling back to ${previous}`);
    try {
      if (await platform.prepareRollback(previous)) {
        await platform.deploy(previous, { rollback: true });
      } else {
        log(`the service already points at ${previous} again`);
      }
      const health = await verifyHealth(config.serviceUrl, undefined, config.healthTimeoutMs, config.pollMs);
      log(`rolled back; service healthy again: ${JSON.stringify(health)}`);
      report(
        { 'previous-image': previous, 'deployed-image': previous, result: 'rolled-back' },
        `### Deploy ${config.version} failed: rolled back\n- reason: ${reason}\n- running again: \`${previous}\``,
      );
      return EXIT.rolledBack;
    } catch (rollbackError) {
      const why = rollbackError instanceof Error ? rollbackError.message : String(rollbackError);
      process.stderr.write(`[deploy] ROLLBACK FAILED: ${why}\n`);
      report(
        { 'previous-image': previous, result: 'rollback-failed' },
        `### Deploy ${config.version} failed and the rollback failed too\n- reason: ${reason}\n- rollback: ${why}\n- redeploy \`${previous}\` by hand (docs/releasing.md)`,
      );
      return EXIT.rollbackFailed;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[deploy] unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(EXIT.rollbackFailed);
  },
);
