import type * as RateLimiterFlexible from 'rate-limiter-flexible';

/*
 * rate-limiter-flexible's in-memory limiter and its result type, required from their own
 * files: the package's index loads every store it supports (Redis, Mongo, DynamoDB, cluster
 * IPC with node:cluster and node:child_process, …), start-up work for classes this API never
 * uses. The types are the index's.
 */
export const RateLimiterMemory: typeof RateLimiterFlexible.RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory');
export type RateLimiterMemory = RateLimiterFlexible.RateLimiterMemory;
export const RateLimiterRes: typeof RateLimiterFlexible.RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes');
export type RateLimiterRes = RateLimiterFlexible.RateLimiterRes;
