import { Database, isForeignKeyViolation } from '@conduit/server/data-access';
import { tokenInvalid } from '@conduit/server/platform';
import type { EntityManager } from 'typeorm';

/**
 * A write whose rows name the viewer (an article's author, a comment's, a favorite's user).
 * The auth guard has just seen the viewer's account, but it can vanish before the insert
 * (a reset database): the foreign key refuses the row, and that is the contract's 401 for a
 * token whose user no longer exists, not a 500. The articles the rows name are looked up in
 * the same transaction, so a foreign-key refusal can only be about the viewer.
 */
export function viewerWrite<T>(db: Database, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.write(work).catch((error: unknown) => {
    throw isForeignKeyViolation(error) ? tokenInvalid() : error;
  });
}
