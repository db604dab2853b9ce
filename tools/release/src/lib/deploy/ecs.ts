import { ReleaseError } from '../errors.ts';
import { poll } from '../poll.ts';
import { verifyServiceUrl } from './http-health.ts';
import type { DeployTarget, TargetContext } from './target.ts';

interface ContainerDefinition {
  name: string;
  image: string;
  [key: string]: unknown;
}

interface TaskDefinition {
  containerDefinitions: ContainerDefinition[];
  [key: string]: unknown;
}

interface Deployment {
  id: string;
  status: string;
  taskDefinition: string;
  rolloutState?: string;
  rolloutStateReason?: string;
}

interface Service {
  taskDefinition: string;
  deployments?: Deployment[];
}

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

export interface EcsSettings {
  cluster: string;
  service: string;
  image: string;
  /** The container to update (default: the task definition's first). */
  containerName: string | undefined;
}

/** Amazon ECS (Fargate behind a load balancer): a new task definition revision, then update-service. */
export function ecs(context: TargetContext, settings: EcsSettings): DeployTarget {
  const { aws, log } = context;
  const { cluster, service: serviceName, image } = settings;
  let taskDefinition: TaskDefinition | undefined;
  let containerName = '';
  let previousTaskDefinitionArn = '';

  const describeService = async (): Promise<Service> => {
    const answer = await aws<{ services?: Service[]; failures?: unknown[] }>([
      'ecs',
      'describe-services',
      '--cluster',
      cluster,
      '--services',
      serviceName,
    ]);
    const service = (answer.services ?? [])[0];
    if (!service) throw new ReleaseError(`ECS service ${serviceName} not found in ${cluster}: ${JSON.stringify(answer.failures ?? [])}`);
    return service;
  };
  const waitRollout = (taskDefinitionArn: string): Promise<string> =>
    poll(`ECS deployment of ${taskDefinitionArn}`, context.deployment, async () => {
      const deployment = ((await describeService()).deployments ?? []).find((d) => d.taskDefinition === taskDefinitionArn);
      const state = deployment?.rolloutState ?? 'UNKNOWN';
      log(`deployment ${deployment?.id ?? '?'} (${taskDefinitionArn}): ${state}`);
      if (!deployment) throw new ReleaseError(`no ECS deployment runs ${taskDefinitionArn} any more (rolled back by ECS?)`);
      if (state === 'FAILED') throw new ReleaseError(`ECS deployment ${deployment.id} FAILED: ${deployment.rolloutStateReason ?? ''}`);
      if (state === 'COMPLETED' && deployment.status === 'PRIMARY') return state;
      return undefined;
    });
  const updateService = async (taskDefinitionArn: string): Promise<void> => {
    await aws(['ecs', 'update-service', '--cluster', cluster, '--service', serviceName, '--task-definition', taskDefinitionArn]);
    log(`update-service → ${taskDefinitionArn}`);
    await waitRollout(taskDefinitionArn);
  };

  return {
    name: 'Amazon ECS',
    artifact: 'image',
    async current() {
      previousTaskDefinitionArn = (await describeService()).taskDefinition;
      const answer = await aws<{ taskDefinition?: TaskDefinition }>([
        'ecs',
        'describe-task-definition',
        '--task-definition',
        previousTaskDefinitionArn,
      ]);
      taskDefinition = answer.taskDefinition;
      const containers = taskDefinition?.containerDefinitions ?? [];
      const container = settings.containerName ? containers.find((c) => c.name === settings.containerName) : containers[0];
      if (!container) throw new ReleaseError(`container ${settings.containerName ?? '(first)'} not in ${previousTaskDefinitionArn}`);
      containerName = container.name;
      return { description: container.image, isRelease: container.image === image };
    },
    async deploy() {
      if (!taskDefinition) throw new ReleaseError('current() must run first');
      const next: Record<string, unknown> = structuredClone(taskDefinition);
      for (const key of TASK_DEFINITION_READ_ONLY) delete next[key];
      next['containerDefinitions'] = taskDefinition.containerDefinitions.map((c) => (c.name === containerName ? { ...c, image } : c));
      const answer = await aws<{ taskDefinition?: { taskDefinitionArn?: string } }>([
        'ecs',
        'register-task-definition',
        '--cli-input-json',
        JSON.stringify(next),
      ]);
      const arn = answer.taskDefinition?.taskDefinitionArn;
      if (!arn) throw new ReleaseError('register-task-definition returned no taskDefinitionArn');
      log(`registered ${arn}`);
      await updateService(arn);
    },
    deployed: () => image,
    verify: (expected) => verifyServiceUrl(context, expected),
    async rollback() {
      // The previous revision still exists: go back to it instead of registering a copy. ECS
      // accepts a new update-service at any time; it supersedes the running deployment.
      await updateService(previousTaskDefinitionArn);
      return 'rolled-back';
    },
  };
}
