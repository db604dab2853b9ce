import { join } from 'node:path';

/**
 * The build the e2e and bench targets depend on (`nx build api`). `CONDUIT_API_MAIN` points
 * them at another build instead, e.g. an older one to compare against.
 */
export const API_MAIN = process.env['CONDUIT_API_MAIN'] || join(__dirname, '../../../../dist/apps/api/main.js');
