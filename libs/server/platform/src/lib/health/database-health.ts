/**
 * What the health endpoint asks of the database. Platform only knows this shape;
 * data-access provides the implementation (platform never imports data-access).
 */
export abstract class DatabaseHealth {
  /** Resolves `true` when a trivial query succeeds within the time the probe allows. */
  abstract isUp(): Promise<boolean>;
}
