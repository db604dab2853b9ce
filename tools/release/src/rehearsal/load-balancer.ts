import { Agent } from 'node:http';

/** One instance behind the load balancer. */
export interface Backend {
  name: string;
  url: URL;
  /** Keep-alive connections, as a load balancer keeps to its targets. */
  agent: Agent;
}

export const backend = (name: string, url: string): Backend => ({ name, url: new URL(url), agent: new Agent({ keepAlive: true, maxSockets: 16 }) });

/**
 * What App Runner's or ECS's load balancer does during a rolling replacement: it sends each
 * new request to one member of the pool in turn; an instance joins once its health check
 * passed and leaves before it is stopped. Requests already sent stay where they went.
 */
export class LoadBalancer {
  private readonly pool: Backend[] = [];
  private turn = 0;
  /** Every backend that ever received a request, by name. */
  readonly served = new Set<string>();

  add(member: Backend): void {
    if (!this.pool.includes(member)) this.pool.push(member);
  }

  remove(member: Backend): void {
    const i = this.pool.indexOf(member);
    if (i >= 0) this.pool.splice(i, 1);
  }

  members(): string[] {
    return this.pool.map((member) => member.name);
  }

  pick(): Backend {
    if (this.pool.length === 0) throw new Error('the pool is empty');
    const member = this.pool[this.turn++ % this.pool.length] as Backend;
    this.served.add(member.name);
    return member;
  }
}
