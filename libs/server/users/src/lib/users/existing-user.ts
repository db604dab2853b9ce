import { UserEntity } from '@conduit/server/data-access';
import { tokenInvalid } from '@conduit/server/platform';
import type { EntityManager } from 'typeorm';

/**
 * Inside a write: the token's user must still exist before anything refers to it (401
 * otherwise). Exported for the features whose rows point at users (articles, favorites).
 */
export async function requireExistingUser(manager: EntityManager, userId: number): Promise<void> {
  if (!(await manager.existsBy(UserEntity, { id: userId }))) throw tokenInvalid();
}
