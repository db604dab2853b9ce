/**
 * The deploy step of .github/workflows/release.yml: rolls a release out to AWS, verifies that
 * /api/health reports its version, and rolls back on failure.
 *
 *   DEPLOY_TARGET=ecs-express ECS_CLUSTER=conduit ECS_SERVICE=conduit-api IMAGE=<ecr>/conduit-api:1.2.3 \
 *   APP_VERSION=1.2.3 SERVICE_URL=https://… node tools/release/src/deploy.ts
 *
 * Environment:
 *   DEPLOY_TARGET            apprunner (default) | ecs | ecs-express | lambda
 *   APP_VERSION              the version /api/health must report
 *   SERVICE_URL              public base URL (https:// is added if missing); optional for lambda
 *   IMAGE                    image to run (registry/repo:tag): apprunner, ecs, ecs-express
 *   APP_RUNNER_SERVICE_ARN   apprunner
 *   ECS_CLUSTER, ECS_SERVICE ecs and ecs-express; ECS_CONTAINER_NAME (ecs; default: the task's first container)
 *   LAMBDA_FUNCTION_NAME, LAMBDA_ZIP (the bundle), LAMBDA_ALIAS (default live): lambda
 *   DEPLOY_TIMEOUT_SECONDS   wait for the platform's deployment (default 1200)
 *   HEALTH_TIMEOUT_SECONDS   wait for the right version on /api/health (default 180)
 *   POLL_INTERVAL_SECONDS    between polls (default 10)
 *   AWS_CLI                  the aws command (default `aws`)
 * Writes previous-image/deployed-image (previous-version/deployed-version for lambda) and
 * result to $GITHUB_OUTPUT, and a report to $GITHUB_STEP_SUMMARY. Exit codes: see EXIT.
 */
import { EXIT, runDeploy } from './lib/deploy/run-deploy.ts';
import { messageOf } from './lib/errors.ts';
import { processIo } from './lib/io.ts';

try {
  process.exit(await runDeploy(process.env, processIo));
} catch (error) {
  process.stderr.write(`[deploy] unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}\n`);
  process.exit(EXIT.rollbackFailed);
}
