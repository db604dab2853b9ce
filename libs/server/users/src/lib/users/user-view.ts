import type { UserDto } from '@conduit/contracts';
import type { UserEntity } from '@conduit/server/data-access';

/** The contract's User: all five keys, never the hash. */
export function toUserDto(user: UserEntity, token: string): UserDto {
  return { email: user.email, token, username: user.username, bio: user.bio, image: user.image };
}
