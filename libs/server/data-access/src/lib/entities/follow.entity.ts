import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `followerId` follows `followedId`. */
@Entity('follows')
@Index('idx_follows_followed', ['followedId'])
export class FollowEntity {
  @PrimaryColumn({ name: 'follower_id', type: 'integer' })
  followerId!: number;

  @PrimaryColumn({ name: 'followed_id', type: 'integer' })
  followedId!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
