import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from '@conduit/server/platform';
import { isPlausibleSlug } from './slug';

/** `:slug` at the edge: a slug this API could never have made is a 404 `article` without a query. */
@Injectable()
export class ParseSlugPipe implements PipeTransform<string, string> {
  transform(slug: string): string {
    if (!isPlausibleSlug(slug)) throw notFound('article');
    return slug;
  }
}
