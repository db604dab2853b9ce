export {
  createConduitClient,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TIMEOUT_MS,
  type ConduitClient,
  type ConduitClientOptions,
  type FetchLike,
  type IterateOptions,
} from './client.js';
export { ConduitApiError, isConduitApiError, type ConduitErrors } from './errors.js';
export type { RequestOptions } from './signals.js';
export type * from './types.js';
export type { paths } from './generated/schema.js';
