import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEmail, IsString, IsUrl, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ErrorMessages } from '../errors/error-messages';
import { FieldRules } from '../field-rules';
import { RequestRoot } from '../request-root';
import { EmptyToNull, NormalizeEmail, Trim } from '../transforms';
import { Required } from '../validation/required';

const USERNAME_MESSAGE = `must be ${FieldRules.username.min}-${FieldRules.username.max} letters, digits, _ or -`;

export class LoginUserDto {
  @ApiProperty({ example: 'jake@jake.jake' })
  @NormalizeEmail()
  @Required()
  @IsString()
  @MaxLength(FieldRules.email.max)
  email!: string;

  @ApiProperty({ format: 'password' })
  @Required()
  @IsString()
  @MaxLength(FieldRules.password.max)
  password!: string;
}

export class NewUserDto {
  @ApiProperty({ example: 'jake', pattern: FieldRules.username.pattern.source, maxLength: FieldRules.username.max })
  @Trim()
  @Required()
  @IsString()
  @Length(FieldRules.username.min, FieldRules.username.max, { message: USERNAME_MESSAGE })
  @Matches(FieldRules.username.pattern, { message: USERNAME_MESSAGE })
  username!: string;

  @ApiProperty({ example: 'jake@jake.jake', format: 'email' })
  @NormalizeEmail()
  @Required()
  @IsString()
  @MaxLength(FieldRules.email.max)
  @IsEmail({}, { message: 'is invalid' })
  email!: string;

  @ApiProperty({ format: 'password', minLength: FieldRules.password.min, maxLength: FieldRules.password.max })
  @Required()
  @IsString()
  @Length(FieldRules.password.min, FieldRules.password.max, {
    message: `must be ${FieldRules.password.min} to ${FieldRules.password.max} characters`,
  })
  password!: string;
}

/**
 * Any subset of the account fields (same rules as registration), plus the profile fields
 * (`image` must be an http(s) URL).
 * `null` or `""` clears `bio`/`image` (stored and returned as `null`); for the account
 * fields `null` is validated and rejected as blank.
 */
export class UpdateUserDto extends PartialType(NewUserDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: FieldRules.bio.max, description: '`null` or `""` clears it' })
  @EmptyToNull()
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(FieldRules.bio.max)
  bio?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    maxLength: FieldRules.image.max,
    description: 'an http(s) URL; `null` or `""` clears it',
  })
  @Trim()
  @EmptyToNull()
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(FieldRules.image.max)
  // Clients put it in <img src>: `javascript:` or `data:` would be theirs to defuse.
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: ErrorMessages.notAnHttpUrl })
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
