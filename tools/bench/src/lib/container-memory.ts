import { docker } from './docker';
import { IDLE, statusBytes } from './resident-memory';

export interface ContainerMemory {
  /** The server process inside the container: the oldest `node` there. */
  pid: number;
  /** Its `VmRSS` once idle, bytes. */
  rssBytes: number;
  /** Its `VmHWM`: the resident peak over its life, bytes. */
  peakRssBytes: number;
  /** What the container's memory cgroup is charged: `memory.current` (v2) or `memory.usage_in_bytes` (v1). */
  cgroupBytes: number;
  /** Of that, anonymous memory (heaps, stacks; without the page cache of files read): `anon` (v2) or `total_rss` (v1). */
  cgroupAnonBytes: number;
  /** Which files were read, e.g. `memory.current (cgroup v2)`. */
  cgroupSource: string;
}

// Runs in the container's /bin/sh (the image has no procps). The server is the lowest-numbered
// process whose executable is node (whatever PID 1 is, tini or node itself). First it waits
// until the server is idle, by the same `IDLE` rule as `waitUntilIdle` for a local process:
// logins the load left hashing are then done.
// Then the cgroup figures, so the reading shell's own pages are all it adds, then the status.
const READ_MEMORY = `
pid=$(for d in /proc/[0-9]*; do case "$(readlink "$d/exe" 2>/dev/null)" in */node) echo "\${d#/proc/}";; esac; done | sort -n | head -n 1)
ticks() { set -- $(sed 's/^.*) //' "/proc/$pid/stat"); echo $((\${12} + \${13})); }
before=$(ticks)
for _ in $(seq ${IDLE.timeoutMs / IDLE.windowMs}); do
  sleep ${IDLE.windowMs / 1000}
  now=$(ticks)
  [ $((now - before)) -lt ${IDLE.ticks} ] && break
  before=$now
done
if [ -f /sys/fs/cgroup/memory.current ]; then
  echo "source memory.current (cgroup v2)"
  echo "charged $(cat /sys/fs/cgroup/memory.current)"
  echo "anon $(sed -n 's/^anon //p' /sys/fs/cgroup/memory.stat)"
else
  echo "source memory.usage_in_bytes (cgroup v1)"
  echo "charged $(cat /sys/fs/cgroup/memory/memory.usage_in_bytes)"
  echo "anon $(sed -n 's/^total_rss //p' /sys/fs/cgroup/memory/memory.stat)"
fi
echo "pid $pid"
cat "/proc/$pid/status"
`;

/** Reads the server's resident memory once it is idle and the container's cgroup charge, through `docker exec`. */
export async function containerMemory(container: string): Promise<ContainerMemory> {
  const { stdout } = await docker(['exec', container, 'sh', '-c', READ_MEMORY]);
  const field = (name: string) => {
    const match = new RegExp(`^${name} (.+)$`, 'm').exec(stdout);
    if (!match) throw new Error(`no "${name}" in the memory reading of ${container}:\n${stdout}`);
    return match[1].trim();
  };
  const source = `/proc/${field('pid')}/status in ${container}`;
  return {
    pid: Number(field('pid')),
    rssBytes: statusBytes(stdout, 'VmRSS', source),
    peakRssBytes: statusBytes(stdout, 'VmHWM', source),
    cgroupBytes: Number(field('charged')),
    cgroupAnonBytes: Number(field('anon')),
    cgroupSource: field('source'),
  };
}
