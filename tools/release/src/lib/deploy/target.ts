import type { Aws } from '../aws.ts';
import type { Health } from '../health.ts';
import type { PollOptions } from '../poll.ts';

/** What serves traffic before the deployment. */
interface Running {
  /** As the report shows it: an image reference, or `version 12` of a function. */
  description: string;
  /** It already is this release (a re-run): verify it, deploy nothing. */
  isRelease: boolean;
}

/** One way of running the API on AWS, driven through the same four steps by run-deploy.ts. */
export interface DeployTarget {
  readonly name: string;
  /** Names the `previous-…` / `deployed-…` outputs. */
  readonly artifact: 'image' | 'version';
  /** Reads what runs now; nothing is changed yet. */
  current(): Promise<Running>;
  /** Rolls the release out and waits until the platform reports it done (or failed). */
  deploy(): Promise<void>;
  /** What now serves, as the report shows it. */
  deployed(): string;
  /** /api/health of what serves traffic, reporting `expected` (any version when undefined). */
  verify(expected: string | undefined): Promise<Health>;
  /** Back to what current() found; 'already-back' when the platform went back by itself. */
  rollback(): Promise<'rolled-back' | 'already-back'>;
}

/** What every target gets: the AWS CLI, a log line writer, the release and the timeouts. */
export interface TargetContext {
  aws: Aws;
  log: (line: string) => void;
  version: string;
  /** Public base URL (required for the container targets, optional for Lambda). */
  serviceUrl: string | undefined;
  deployment: PollOptions;
  health: PollOptions;
}
