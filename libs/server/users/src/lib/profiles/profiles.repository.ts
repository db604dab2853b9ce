import { Injectable } from '@nestjs/common';
import type { ProfileDto } from '@conduit/contracts';
import { Database, FollowEntity, Reads } from '@conduit/server/data-access';
import { profileColumns, profileFromRow } from './profile-sql';

/** The users feature's statements about profiles and follows. */
@Injectable()
export class ProfilesRepository {
  private readonly byUsernameAnonymous: string;
  private readonly byUsernameForViewer: string;

  constructor(
    private readonly reads: Reads,
    private readonly db: Database,
  ) {
    const byUsername = (viewer: string | undefined) =>
      `SELECT ${reads.dialect.selectRecord([['id', 'u.id'], ...profileColumns('u', '', viewer)])} FROM users u WHERE u.username = $1`;
    this.byUsernameAnonymous = byUsername(undefined);
    this.byUsernameForViewer = byUsername('$2');
  }

  /** The profile `username` as `viewerId` sees it (`following`), with the user's id; one statement. */
  async byUsername(username: string, viewerId: number | undefined): Promise<{ id: number; profile: ProfileDto } | undefined> {
    const row =
      viewerId === undefined
        ? await this.reads.firstRecord(this.byUsernameAnonymous, [username])
        : await this.reads.firstRecord(this.byUsernameForViewer, [username, viewerId]);
    return row && { id: Number(row['id']), profile: profileFromRow(row, '') };
  }

  /** Idempotent: following twice is still following. */
  async follow(followerId: number, followedId: number): Promise<void> {
    await this.db.write((manager) =>
      manager.createQueryBuilder().insert().into(FollowEntity).values({ followerId, followedId, createdAt: new Date() }).orIgnore().execute(),
    );
  }

  async unfollow(followerId: number, followedId: number): Promise<void> {
    await this.db.write((manager) => manager.delete(FollowEntity, { followerId, followedId }));
  }
}
