import { ApiProperty, OmitType } from '@nestjs/swagger';
import { ProfileDto } from '../profiles/profile.dto';

export class ArticleDto {
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String], description: 'sorted alphabetically, without duplicates' }) tagList!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() favorited!: boolean;
  @ApiProperty({ type: 'integer' }) favoritesCount!: number;
  @ApiProperty({ type: ProfileDto }) author!: ProfileDto;
}

/** Lists leave the body out (API.md "Shapes"). */
export class ArticleListItemDto extends OmitType(ArticleDto, ['body'] as const) {}

export class ArticleResponseDto {
  @ApiProperty({ type: ArticleDto }) article!: ArticleDto;
}

export class ArticleListResponseDto {
  @ApiProperty({ type: [ArticleListItemDto] }) articles!: ArticleListItemDto[];
  @ApiProperty({ type: 'integer', description: 'all matches of the filter, not the page length' })
  articlesCount!: number;
}
