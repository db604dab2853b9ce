export function lambdaNodeFlags(memoryMiB: number): string[];
