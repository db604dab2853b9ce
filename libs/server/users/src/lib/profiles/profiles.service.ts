import { Injectable } from '@nestjs/common';
import type { ProfileDto } from '@conduit/contracts';
import { cannotFollowYourself, notFound } from '@conduit/server/platform';
import { ProfilesRepository } from './profiles.repository';

/** Profiles and follows: the rules; the statements are in `ProfilesRepository`. */
@Injectable()
export class ProfilesService {
  constructor(private readonly profiles: ProfilesRepository) {}

  async profile(viewerId: number | undefined, username: string): Promise<ProfileDto> {
    return (await this.require(username, viewerId)).profile;
  }

  async follow(viewerId: number, username: string): Promise<ProfileDto> {
    const { id, profile } = await this.require(username, viewerId);
    if (id === viewerId) throw cannotFollowYourself();
    await this.profiles.follow(viewerId, id);
    return { ...profile, following: true };
  }

  async unfollow(viewerId: number, username: string): Promise<ProfileDto> {
    const { id, profile } = await this.require(username, viewerId);
    await this.profiles.unfollow(viewerId, id);
    return { ...profile, following: false };
  }

  private async require(username: string, viewerId: number | undefined): Promise<{ id: number; profile: ProfileDto }> {
    const found = await this.profiles.byUsername(username, viewerId);
    if (!found) throw notFound('profile');
    return found;
  }
}
