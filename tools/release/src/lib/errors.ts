/** An expected failure of a release step: its message says everything (no stack trace needed). */
export class ReleaseError extends Error {}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
