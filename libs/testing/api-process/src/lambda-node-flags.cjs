// The flags the Lambda Node.js runtime starts `node` with (its bootstrap script), for a
// function of `memoryMiB`: the GC exposed, 80 KiB of request headers, and the heap split as
// a tenth new space (two semi-spaces) and the rest old space. lambda-process.ts starts its
// environments with them, and tools/release makes the Lambda code cache under them: V8 rejects
// a code cache made under other flags (--expose-gc counts; on Node 24 the heap sizes do not).

/** @param {number} memoryMiB */
function lambdaNodeFlags(memoryMiB) {
  const newSpace = Math.floor(memoryMiB / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMiB - newSpace}`,
  ];
}

module.exports = { lambdaNodeFlags };
