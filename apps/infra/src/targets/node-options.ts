/**
 * What the API's process holds besides V8's heap, in MiB, measured by `npm run bench:container`
 * after its load: ~116 MiB resident at idle (the node binary's pages alone ~52 MiB), ~165 MiB
 * right after the login load with a ~42 MiB heap (two scrypt hashes in flight, 16 MiB each).
 */
const NATIVE_MIB = 128;
/** The old space's share of what the native part leaves: the rest is headroom for the young generation, code space and bursts. */
const OLD_SPACE_SHARE = 0.75;
/**
 * V8's young generation is two semi-spaces of this size (MiB). Measured with bench:container
 * (docs/performance.md, "Memory: NODE_OPTIONS in the image"): the same value the image sets.
 */
const SEMI_SPACE_MIB = 8;

/**
 * NODE_OPTIONS for the API on an instance of `memoryMiB`: the old space capped at 75 % of what
 * the native part leaves, so V8 collects harder as it nears the limit instead of the instance
 * being killed for memory, and the measured semi-space. It replaces the image's own
 * NODE_OPTIONS, which is sized for a small container.
 */
export function nodeOptionsFor(memoryMiB: number): string {
  const oldSpaceMiB = Math.floor((memoryMiB - NATIVE_MIB) * OLD_SPACE_SHARE);
  if (oldSpaceMiB < 64) throw new Error(`${memoryMiB} MiB is too small for the API (it holds ~${NATIVE_MIB} MiB besides its heap)`);
  return `--max-old-space-size=${oldSpaceMiB} --max-semi-space-size=${SEMI_SPACE_MIB}`;
}
