import { Injectable } from '@nestjs/common';
import type { LoginUserDto, NewUserDto, UpdateUserDto, UserDto } from '@conduit/contracts';
import { Database, isUniqueViolation, UserEntity } from '@conduit/server/data-access';
import { alreadyTaken, invalidCredentials, nothingToChange, RateLimits, TokenService, tokenInvalid, type UniqueUserField } from '@conduit/server/platform';
import type { EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { toUserDto } from './user-view';

/** Registration, login and the current user's account. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly limits: RateLimits,
  ) {}

  async register(input: NewUserDto): Promise<UserDto> {
    // Hash before taking the write lock: it is the slow part.
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.db
      .write(async (manager) => {
        await this.assertAvailable(manager, { email: input.email, username: input.username });
        const now = new Date();
        return manager.save(
          manager.create(UserEntity, {
            email: input.email,
            username: input.username,
            passwordHash,
            bio: null,
            image: null,
            credentialsVersion: 0,
            createdAt: now,
            updatedAt: now,
          }),
        );
      })
      .catch(rethrowUniqueViolation);
    return toUserDto(user, this.tokenFor(user));
  }

  /**
   * Same answer, and the same scrypt work, for an unknown email and a wrong password: neither
   * the body nor the timing tells which emails have accounts. Failed logins per email are
   * limited whatever address they come from.
   */
  async login(input: LoginUserDto): Promise<UserDto> {
    await this.limits.assertLoginAllowed(input.email);
    const user = await this.db.reader.findOneBy(UserEntity, { email: input.email });
    const matches = await this.hasher.verify(input.password, user?.passwordHash);
    if (!user || !matches) {
      await this.limits.loginFailed(input.email);
      throw invalidCredentials();
    }
    await this.limits.loginSucceeded(input.email);
    return toUserDto(user, this.tokenFor(user));
  }

  /**
   * The caller's account with the token it was called with: handing out a fresh token on
   * every call would let a stolen one renew itself for ever.
   */
  async current(userId: number, token: string): Promise<UserDto> {
    return toUserDto(await this.requireUser(userId), token);
  }

  async update(userId: number, changes: UpdateUserDto): Promise<UserDto> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw nothingToChange('user');
    }
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(changes.password);
    const user = await this.db
      .write(async (manager) => {
        const existing = await manager.findOneBy(UserEntity, { id: userId });
        if (!existing) throw tokenInvalid();
        await this.assertAvailable(manager, {
          email: changes.email !== existing.email ? changes.email : undefined,
          // Changing only the case of one's own name is not taking somebody else's.
          username: changes.username !== undefined && changes.username.toLowerCase() !== existing.username.toLowerCase() ? changes.username : undefined,
        });
        // A new email or password revokes every earlier token; the response carries the new one.
        if ((changes.email !== undefined && changes.email !== existing.email) || passwordHash !== undefined) existing.credentialsVersion += 1;
        if (changes.email !== undefined) existing.email = changes.email;
        if (changes.username !== undefined) existing.username = changes.username;
        // `""` already arrives as `null` (the contract's EmptyToNull): both clear the field.
        if (changes.bio !== undefined) existing.bio = changes.bio;
        if (changes.image !== undefined) existing.image = changes.image;
        if (passwordHash !== undefined) existing.passwordHash = passwordHash;
        existing.updatedAt = new Date();
        return manager.save(existing);
      })
      .catch(rethrowUniqueViolation);
    return toUserDto(user, this.tokenFor(user));
  }

  private tokenFor(user: UserEntity): string {
    return this.tokens.issue({ userId: user.id, credentialsVersion: user.credentialsVersion });
  }

  /** A token can outlive its user (e.g. a reset database): that is a 401, not a 404. */
  private async requireUser(userId: number): Promise<UserEntity> {
    const user = await this.db.reader.findOneBy(UserEntity, { id: userId });
    if (!user) throw tokenInvalid();
    return user;
  }

  private async assertAvailable(manager: EntityManager, wanted: { email?: string; username?: string }): Promise<void> {
    const taken: UniqueUserField[] = [];
    if (wanted.email !== undefined && (await manager.existsBy(UserEntity, { email: wanted.email }))) taken.push('email');
    // Unique ignoring case (`Alice` and `alice` would be two people no one can tell apart).
    if (wanted.username !== undefined && (await usernameTaken(manager, wanted.username))) taken.push('username');
    if (taken.length > 0) throw alreadyTaken(taken);
  }
}

/** Two PostgreSQL instances can race past the check; the unique index settles it. */
function rethrowUniqueViolation(error: unknown): never {
  if (isUniqueViolation(error)) {
    const message = String((error as { message?: unknown }).message ?? '') + String((error as { detail?: unknown }).detail ?? '');
    throw alreadyTaken([message.includes('username') ? 'username' : 'email']);
  }
  throw error;
}

function usernameTaken(manager: EntityManager, username: string): Promise<boolean> {
  return manager.createQueryBuilder(UserEntity, 'user').where('LOWER(user.username) = LOWER(:username)', { username }).getExists();
}
