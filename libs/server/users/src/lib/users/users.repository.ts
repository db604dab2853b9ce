import { Injectable } from '@nestjs/common';
import { Database, isUniqueViolation, Reads, UserEntity } from '@conduit/server/data-access';
import { alreadyTaken, tokenInvalid, type UniqueUserField } from '@conduit/server/platform';
import type { EntityManager } from 'typeorm';

/** An account as the users feature works with it (never leaves it with the hash). */
export interface Account {
  id: number;
  email: string;
  username: string;
  bio: string | null;
  image: string | null;
  credentialsVersion: number;
}

export interface AccountWithHash extends Account {
  passwordHash: string;
}

/** What an update changes; a field left out stays as it is. */
export type AccountChanges = Partial<Omit<AccountWithHash, 'id'>>;

const ACCOUNT_COLUMNS = 'id, email, username, bio, image, credentials_version';

function accountFromRow(row: Record<string, unknown>): Account {
  return {
    id: Number(row['id']),
    email: row['email'] as string,
    username: row['username'] as string,
    bio: (row['bio'] as string | null) ?? null,
    image: (row['image'] as string | null) ?? null,
    credentialsVersion: Number(row['credentials_version']),
  };
}

const fromEntity = (entity: UserEntity): AccountWithHash => ({
  id: entity.id,
  email: entity.email,
  username: entity.username,
  bio: entity.bio,
  image: entity.image,
  credentialsVersion: entity.credentialsVersion,
  passwordHash: entity.passwordHash,
});

/**
 * The users feature's statements about accounts: prepared reads (every authenticated request
 * reads its account by id, for the credentials version), and the writes, where the unique
 * indexes settle races (an email or username taken meanwhile is a 409, never a 500).
 */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly reads: Reads,
    private readonly db: Database,
  ) {}

  async byId(id: number): Promise<Account | undefined> {
    const row = await this.reads.first<Record<string, unknown>>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row && accountFromRow(row);
  }

  async byEmailWithHash(email: string): Promise<AccountWithHash | undefined> {
    const row = await this.reads.first<Record<string, unknown>>(`SELECT ${ACCOUNT_COLUMNS}, password_hash FROM users WHERE email = $1`, [email]);
    return row && { ...accountFromRow(row), passwordHash: row['password_hash'] as string };
  }

  /** A new account; 409 when the email or the username (ignoring case) is taken. */
  async create(account: Pick<AccountWithHash, 'email' | 'username' | 'passwordHash'>): Promise<Account> {
    return this.db
      .write(async (manager) => {
        await assertAvailable(manager, { email: account.email, username: account.username });
        const now = new Date();
        const saved = await manager.save(
          manager.create(UserEntity, { ...account, bio: null, image: null, credentialsVersion: 0, createdAt: now, updatedAt: now }),
        );
        return fromEntity(saved);
      })
      .catch(rethrowUniqueViolation);
  }

  /**
   * Applies the changes `plan` decides from the account as it is, in one transaction; 401 when
   * the account is gone, 409 when a new email or username (ignoring case) belongs to someone else.
   */
  async update(id: number, plan: (current: AccountWithHash) => AccountChanges): Promise<Account> {
    return this.db
      .write(async (manager) => {
        const entity = await manager.findOneBy(UserEntity, { id });
        if (!entity) throw tokenInvalid();
        const changes = plan(fromEntity(entity));
        await assertAvailable(manager, {
          email: changes.email !== undefined && changes.email !== entity.email ? changes.email : undefined,
          // Changing only the case of one's own name is not taking somebody else's.
          username: changes.username !== undefined && changes.username.toLowerCase() !== entity.username.toLowerCase() ? changes.username : undefined,
        });
        Object.assign(entity, changes, { updatedAt: new Date() });
        return fromEntity(await manager.save(entity));
      })
      .catch(rethrowUniqueViolation);
  }
}

async function assertAvailable(manager: EntityManager, wanted: { email?: string; username?: string }): Promise<void> {
  const taken: UniqueUserField[] = [];
  if (wanted.email !== undefined && (await manager.existsBy(UserEntity, { email: wanted.email }))) taken.push('email');
  // Unique ignoring case (`Alice` and `alice` would be two people no one can tell apart).
  if (wanted.username !== undefined && (await usernameTaken(manager, wanted.username))) taken.push('username');
  if (taken.length > 0) throw alreadyTaken(taken);
}

function usernameTaken(manager: EntityManager, username: string): Promise<boolean> {
  return manager.createQueryBuilder(UserEntity, 'user').where('LOWER(user.username) = LOWER(:username)', { username }).getExists();
}

/** Two PostgreSQL instances can race past the check; the unique index settles it. */
function rethrowUniqueViolation(error: unknown): never {
  if (isUniqueViolation(error)) {
    const message = String((error as { message?: unknown }).message ?? '') + String((error as { detail?: unknown }).detail ?? '');
    throw alreadyTaken([message.includes('username') ? 'username' : 'email']);
  }
  throw error;
}
