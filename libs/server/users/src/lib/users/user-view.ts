import type { UserDto } from '@conduit/contracts';
import type { Account } from './users.repository';

/** The contract's User: all five keys, never the hash. */
export function toUserDto(account: Account, token: string): UserDto {
  return { email: account.email, token, username: account.username, bio: account.bio, image: account.image };
}
