import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FieldRules } from '@conduit/contracts';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  /** Stored lower-cased and trimmed, so the unique index is case-insensitive in effect. */
  @Column({ type: 'varchar', length: FieldRules.email.max, unique: true })
  email!: string;

  /** Kept as registered; unique ignoring case (an index on `lower(username)`, see the migrations). */
  @Column({ type: 'varchar', length: FieldRules.username.max, unique: true })
  username!: string;

  /** scrypt hash with its salt and parameters; never leaves the users feature. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @Column({ type: 'varchar', length: FieldRules.image.max, nullable: true })
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
