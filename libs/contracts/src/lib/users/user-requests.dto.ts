import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsEmail,
  IsNotEmpty,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { FieldRules } from '../field-rules';
import { RequestRoot } from '../request-root';
import { NormalizeEmail, Trim } from '../transforms';

const USERNAME_MESSAGE = `must be ${FieldRules.username.min}-${FieldRules.username.max} letters, digits, _ or -`;

export class LoginUserDto {
  @ApiProperty({ example: 'jake@jake.jake' })
  @NormalizeEmail()
  @IsString()
  @IsNotEmpty({ message: "can't be blank" })
  @MaxLength(FieldRules.email.max)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty({ message: "can't be blank" })
  @MaxLength(FieldRules.password.max)
  password!: string;
}

export class NewUserDto {
  @ApiProperty({ example: 'jake', pattern: FieldRules.username.pattern.source, maxLength: FieldRules.username.max })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: "can't be blank" })
  @Length(FieldRules.username.min, FieldRules.username.max, { message: USERNAME_MESSAGE })
  @Matches(FieldRules.username.pattern, { message: USERNAME_MESSAGE })
  username!: string;

  @ApiProperty({ example: 'jake@jake.jake', format: 'email' })
  @NormalizeEmail()
  @IsString()
  @IsNotEmpty({ message: "can't be blank" })
  @MaxLength(FieldRules.email.max)
  @IsEmail({}, { message: 'is invalid' })
  email!: string;

  @ApiProperty({ format: 'password', minLength: FieldRules.password.min })
  @IsString()
  @Length(FieldRules.password.min, FieldRules.password.max, {
    message: `must be ${FieldRules.password.min} to ${FieldRules.password.max} characters`,
  })
  password!: string;
}

/**
 * Any subset of the account fields (same rules as registration), plus the profile fields.
 * `null` clears `bio`/`image` only; for the account fields it is validated and rejected.
 */
export class UpdateUserDto extends PartialType(NewUserDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(FieldRules.bio.max)
  bio?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Trim()
  @IsString()
  @MaxLength(FieldRules.image.max)
  image?: string | null;
}

export class LoginUserRequestDto {
  @RequestRoot(() => LoginUserDto)
  user!: LoginUserDto;
}

export class NewUserRequestDto {
  @RequestRoot(() => NewUserDto)
  user!: NewUserDto;
}

export class UpdateUserRequestDto {
  @RequestRoot(() => UpdateUserDto)
  user!: UpdateUserDto;
}
