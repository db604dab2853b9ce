import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  /** Stored lower-cased and trimmed, so the unique index is case-insensitive in effect. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  /** Case-sensitive and unique (API.md). */
  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  /** scrypt hash with its salt and parameters; never leaves the users feature. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  image!: string | null;

  /**
   * Bumped by every password or email change. Tokens carry the version they were issued
   * for, so the change revokes every earlier token.
   */
  @Column({ name: 'credentials_version', type: 'integer', default: 0 })
  credentialsVersion!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
