import { Injectable } from '@nestjs/common';
import type { ProfileDto } from '@conduit/contracts';
import { Database, FollowEntity, UserEntity } from '@conduit/server/data-access';
import { cannotFollowYourself, notFound } from '@conduit/server/platform';
import { In } from 'typeorm';
import { requireExistingUser } from '../users/existing-user';

type ProfileSource = Pick<UserEntity, 'id' | 'username' | 'bio' | 'image'>;

/**
 * Profiles and follows. Exported on purpose: the articles feature reads authors'
 * profiles through `profilesOf`, in one query for a whole page.
 */
@Injectable()
export class ProfilesService {
  constructor(private readonly db: Database) {}

  async profile(viewerId: number | undefined, username: string): Promise<ProfileDto> {
    const user = await this.findByUsername(username);
    const following = viewerId === undefined ? false : await this.db.reader.existsBy(FollowEntity, { followerId: viewerId, followedId: user.id });
    return toProfileDto(user, following);
  }

  async follow(viewerId: number, username: string): Promise<ProfileDto> {
    const user = await this.findByUsername(username);
    if (user.id === viewerId) throw cannotFollowYourself();
    await this.db.write(async (manager) => {
      await requireExistingUser(manager, viewerId);
      // Idempotent: following twice is still following.
      await manager
        .createQueryBuilder()
        .insert()
        .into(FollowEntity)
        .values({ followerId: viewerId, followedId: user.id, createdAt: new Date() })
        .orIgnore()
        .execute();
    });
    return toProfileDto(user, true);
  }

  async unfollow(viewerId: number, username: string): Promise<ProfileDto> {
    const user = await this.findByUsername(username);
    await this.db.write((manager) => manager.delete(FollowEntity, { followerId: viewerId, followedId: user.id }));
    return toProfileDto(user, false);
  }

  /** Profiles for many users as seen by one viewer: two queries, whatever the count. */
  async profilesOf(viewerId: number | undefined, userIds: readonly number[]): Promise<Map<number, ProfileDto>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const users = await this.db.reader.find(UserEntity, {
      select: { id: true, username: true, bio: true, image: true },
      where: { id: In(ids) },
    });
    const followed = await this.followedAmong(viewerId, ids);
    return new Map(users.map((user) => [user.id, toProfileDto(user, followed.has(user.id))]));
  }

  /** Which of `userIds` the viewer follows. */
  async followedAmong(viewerId: number | undefined, userIds: readonly number[]): Promise<Set<number>> {
    if (viewerId === undefined || userIds.length === 0) return new Set();
    const rows = await this.db.reader.find(FollowEntity, {
      select: { followedId: true },
      where: { followerId: viewerId, followedId: In([...userIds]) },
    });
    return new Set(rows.map((row) => row.followedId));
  }

  async findByUsername(username: string): Promise<ProfileSource> {
    const user = await this.db.reader.findOne(UserEntity, {
      select: { id: true, username: true, bio: true, image: true },
      where: { username },
    });
    if (!user) throw notFound('profile');
    return user;
  }
}

export function toProfileDto(user: ProfileSource, following: boolean): ProfileDto {
  return { username: user.username, bio: user.bio, image: user.image, following };
}
