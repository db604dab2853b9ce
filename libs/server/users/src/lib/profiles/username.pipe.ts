import { Injectable, type PipeTransform } from '@nestjs/common';
import { FieldRules } from '@conduit/contracts';
import { notFound } from '@conduit/server/platform';

/** Whether a path segment could be anybody's username: registration allows nothing else. */
function isPlausibleUsername(username: string): boolean {
  return username.length >= FieldRules.username.min && username.length <= FieldRules.username.max && FieldRules.username.pattern.test(username);
}

/** `:username` at the edge: a name no one can have is a 404 `profile` without a query. */
@Injectable()
export class ParseUsernamePipe implements PipeTransform<string, string> {
  transform(username: string): string {
    if (!isPlausibleUsername(username)) throw notFound('profile');
    return username;
  }
}
