import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FieldRules } from '../field-rules';
import { RequestRoot } from '../request-root';
import { NormalizeTagList, Trim } from '../transforms';

const BLANK = { message: "can't be blank" };

export class NewArticleDto {
  @ApiProperty({ maxLength: FieldRules.title.max })
  @Trim()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.title.max)
  title!: string;

  @ApiProperty({ maxLength: FieldRules.description.max })
  @Trim()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.description.max)
  description!: string;

  @ApiProperty({ maxLength: FieldRules.articleBody.max })
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.articleBody.max)
  body!: string;

  @ApiPropertyOptional({ type: [String], maxItems: FieldRules.tagList.max })
  @IsOptional()
  @NormalizeTagList()
  @IsArray()
  @ArrayMaxSize(FieldRules.tagList.max)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(FieldRules.tag.max, { each: true })
  tagList?: string[];
}

/**
 * Any subset of the fields, each with the same rules as on create; `tagList` is accepted
 * too (the public spec omits it, clients send it). An absent field stays as it is; `null`
 * is not "absent" (`skipNullProperties: false`): it is validated, and rejected.
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
