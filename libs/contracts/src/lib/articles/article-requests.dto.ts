import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ErrorMessages } from '../errors/error-messages';
import { FieldRules } from '../field-rules';
import { RequestRoot } from '../request-root';
import { NormalizeTagList, Trim } from '../transforms';
import { Required } from '../validation/required';

export class NewArticleDto {
  @ApiProperty({ maxLength: FieldRules.title.max })
  @Trim()
  @Required()
  @IsString()
  @MaxLength(FieldRules.title.max)
  title!: string;

  @ApiProperty({ maxLength: FieldRules.description.max })
  @Trim()
  @Required()
  @IsString()
  @MaxLength(FieldRules.description.max)
  description!: string;

  @ApiProperty({ maxLength: FieldRules.articleBody.max })
  @Required()
  @IsString()
  @MaxLength(FieldRules.articleBody.max)
  body!: string;

  @ApiPropertyOptional({ type: [String], maxItems: FieldRules.tagList.max, description: 'on update: left out keeps the tags, `[]` removes them all; `null` is a 422' })
  // Optional means "may be left out", not "may be null": `null` is a 422 (API.md "Updates").
  @ValidateIf((_, value) => value !== undefined)
  @NormalizeTagList()
  @IsArray({ message: ErrorMessages.notAnArray })
  @ArrayMaxSize(FieldRules.tagList.max)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(FieldRules.tag.max, { each: true })
  tagList?: string[];
}

/**
 * Any subset of the fields, each with the same rules as on create (`tagList` included). An
 * absent field stays as it is; `null` is not "absent" (`skipNullProperties: false`): it is
 * validated, and rejected (`can't be blank`; `tagList`: `must be an array`).
 */
export class UpdateArticleDto extends PartialType(NewArticleDto, { skipNullProperties: false }) {}

export class NewArticleRequestDto {
  @RequestRoot(() => NewArticleDto)
  article!: NewArticleDto;
}

export class UpdateArticleRequestDto {
  @RequestRoot(() => UpdateArticleDto)
  article!: UpdateArticleDto;
}
