import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { REQUIRED_CONSTRAINT } from './validation/required';
import { NewArticleRequestDto, UpdateArticleRequestDto } from './articles/article-requests.dto';
import { ArticleListQueryDto } from './articles/article-queries.dto';
import { NewUserRequestDto, UpdateUserRequestDto } from './users/user-requests.dto';

function check<T extends object>(dto: new () => T, plain: unknown): { value: T; failed: string[] } {
  const value = plainToInstance(dto, plain) as T;
  const paths = (error: ValidationError, prefix: string): string[] => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    return [...(error.constraints ? [path] : []), ...(error.children ?? []).flatMap((child) => paths(child, path))];
  };
  const failed = validateSync(value as object, { whitelist: true, forbidUnknownValues: true }).flatMap((error) => paths(error, ''));
  return { value, failed };
}

describe('request contracts', () => {
  it('normalises an email (trimmed, lower-case) and accepts a valid registration', () => {
    const { value, failed } = check(NewUserRequestDto, { user: { username: 'jake_1', email: '  Jake@Example.COM ', password: 'password1' } });
    expect(failed).toEqual([]);
    expect(value.user.email).toBe('jake@example.com');
  });

  it.each([
    [{ user: { username: 'has space', email: 'a@b.co', password: 'password1' } }, 'user.username'],
    [{ user: { username: 'ok', email: 'a@b.co', password: 'short' } }, 'user.password'],
    [{ user: { username: 'ok', email: 'nope', password: 'password1' } }, 'user.email'],
    [{ user: 'x' }, 'user'],
    [{}, 'user'],
  ])('rejects %j at %s', (plain, path) => {
    expect(check(NewUserRequestDto, plain).failed).toContain(path);
  });

  it('makes every update field optional but keeps its rule', () => {
    expect(check(UpdateUserRequestDto, { user: { bio: null } }).failed).toEqual([]);
    expect(check(UpdateUserRequestDto, { user: { email: 'nope' } }).failed).toEqual(['user.email']);
    expect(check(UpdateArticleRequestDto, { article: { body: 'new' } }).failed).toEqual([]);
    expect(check(UpdateArticleRequestDto, { article: { title: '' } }).failed).toEqual(['article.title']);
    // null is not "leave unchanged" for a required column: it is rejected, not passed on.
    expect(check(UpdateArticleRequestDto, { article: { title: null } }).failed).toEqual(['article.title']);
    expect(check(UpdateUserRequestDto, { user: { password: null } }).failed).toEqual(['user.password']);
    expect(check(UpdateUserRequestDto, { user: { email: null, image: null } }).failed).toEqual(['user.email']);
  });

  it('trims, deduplicates and sorts tags; rejects empty and non-string tags', () => {
    const { value, failed } = check(NewArticleRequestDto, { article: { title: ' T ', description: 'd', body: 'b', tagList: ['b', ' a', 'b '] } });
    expect(failed).toEqual([]);
    expect(value.article.tagList).toEqual(['a', 'b']);
    expect(value.article.title).toBe('T');
    expect(check(NewArticleRequestDto, { article: { title: 't', description: 'd', body: 'b', tagList: ['a', ' '] } }).failed).toEqual(['article.tagList']);
    expect(check(NewArticleRequestDto, { article: { title: 't', description: 'd', body: 'b', tagList: [1] } }).failed).toEqual(['article.tagList']);
  });

  it('defaults limit/offset and rejects out-of-range or non-integer values', () => {
    const { value, failed } = check(ArticleListQueryDto, {});
    expect(failed).toEqual([]);
    expect([value.limit, value.offset]).toEqual([20, 0]);
    for (const query of [{ limit: '0' }, { limit: '101' }, { limit: 'abc' }, { offset: '-1' }, { limit: '2.5' }]) {
      expect(check(ArticleListQueryDto, query).failed.length).toBeGreaterThan(0);
    }
  });

  it('marks a missing, null or blank required field with the required rule, whatever else fails', () => {
    const rules = (plain: unknown) => {
      const value = plainToInstance(NewUserRequestDto, plain);
      const user = validateSync(value).flatMap((error) => error.children ?? []);
      return Object.fromEntries(user.map((error) => [error.property, Object.keys(error.constraints ?? {})]));
    };
    const failed = rules({ user: { username: '', email: null, password: '   ' } });
    for (const field of ['username', 'email', 'password']) expect(failed[field]).toContain(REQUIRED_CONSTRAINT);
    expect(rules({ user: { username: 'ok', email: 'a@b.co', password: 'short' } })['password']).not.toContain(REQUIRED_CONSTRAINT);
  });

  it('turns an empty bio or image into null (cleared), and rejects a null tagList on update', () => {
    const { value, failed } = check(UpdateUserRequestDto, { user: { bio: '', image: '  ' } });
    expect(failed).toEqual([]);
    expect([value.user.bio, value.user.image]).toEqual([null, null]);
    expect(check(UpdateArticleRequestDto, { article: { tagList: null } }).failed).toEqual(['article.tagList']);
    expect(check(UpdateArticleRequestDto, { article: { tagList: [] } }).failed).toEqual([]);
    expect(check(NewArticleRequestDto, { article: { title: 't', description: 'd', body: 'b', tagList: null } }).failed).toEqual(['article.tagList']);
  });
});
