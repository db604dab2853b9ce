import { Injectable } from '@nestjs/common';
import type { LoginUserDto, NewUserDto, UpdateUserDto, UserDto } from '@conduit/contracts';
import { AnonymousReadCache, invalidCredentials, nothingToChange, RateLimits, TokenService } from '@conduit/server/platform';
import { PasswordHasher } from '../auth/password-hasher';
import { toUserDto } from './user-view';
import { UsersRepository, type Account, type AccountChanges } from './users.repository';

/** Registration, login and the current user's account: the rules; the statements are in `UsersRepository`. */
@Injectable()
export class UsersService {
  constructor(
    private readonly accounts: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly limits: RateLimits,
    private readonly anonymous: AnonymousReadCache,
  ) {}

  async register(input: NewUserDto): Promise<UserDto> {
    // Hash before taking the write lock: it is the slow part.
    const passwordHash = await this.hasher.hash(input.password);
    const account = await this.accounts.create({ email: input.email, username: input.username, passwordHash });
    return toUserDto(account, this.tokenFor(account));
  }

  /**
   * Same answer, and the same scrypt work, for an unknown email and a wrong password: neither
   * the body nor the timing tells which emails have accounts. Failed logins per email are
   * limited whatever address they come from.
   */
  async login(input: LoginUserDto): Promise<UserDto> {
    await this.limits.assertLoginAllowed(input.email);
    const account = await this.accounts.byEmailWithHash(input.email);
    const matches = await this.hasher.verify(input.password, account?.passwordHash);
    if (!account || !matches) {
      await this.limits.loginFailed(input.email);
      throw invalidCredentials();
    }
    await this.limits.loginSucceeded(input.email);
    return toUserDto(account, this.tokenFor(account));
  }

  /**
   * The caller's account (as the auth guard read it) with the token it was called with:
   * handing out a fresh token on every call would let a stolen one renew itself for ever.
   */
  current(account: Account, token: string): UserDto {
    return toUserDto(account, token);
  }

  async update(userId: number, changes: UpdateUserDto): Promise<UserDto> {
    if (Object.values(changes).every((value) => value === undefined)) throw nothingToChange('user');
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(changes.password);
    const account = await this.accounts.update(userId, (current) => {
      const next: AccountChanges = {};
      if (changes.email !== undefined) next.email = changes.email;
      if (changes.username !== undefined) next.username = changes.username;
      // `""` already arrives as `null` (the contract's EmptyToNull): both clear the field.
      if (changes.bio !== undefined) next.bio = changes.bio;
      if (changes.image !== undefined) next.image = changes.image;
      if (passwordHash !== undefined) next.passwordHash = passwordHash;
      // A new email or password revokes every earlier token; the response carries the new one.
      if ((next.email !== undefined && next.email !== current.email) || passwordHash !== undefined) {
        next.credentialsVersion = current.credentialsVersion + 1;
      }
      return next;
    });
    // The username, bio and image are the author of every article an anonymous reader is shown.
    this.anonymous.invalidate();
    return toUserDto(account, this.tokenFor(account));
  }

  private tokenFor(account: Account): string {
    return this.tokens.issue({ userId: account.id, credentialsVersion: account.credentialsVersion });
  }
}
