import { HttpException } from '@nestjs/common';
import { RejectNulCharactersPipe } from './reject-nul-characters.pipe';

const pipe = new RejectNulCharactersPipe();
const failure = (value: unknown, type: 'body' | 'query' | 'param' | 'custom', data?: string) => {
  try {
    pipe.transform(value, { type, data });
  } catch (error) {
    return { status: (error as HttpException).getStatus(), body: (error as HttpException).getResponse() };
  }
  return undefined;
};

describe('RejectNulCharactersPipe', () => {
  it('lets ordinary values through unchanged', () => {
    const body = { user: { email: 'a@b.test', tags: ['x', 'y'], n: 1, nothing: null } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
  });

  it('answers 422 on the field of a body or query holding a NUL', () => {
    expect(failure({ user: { email: 'a\u0000@b.test' } }, 'body')).toEqual({ status: 422, body: { errors: { email: ['must not contain NUL characters'] } } });
    expect(failure({ article: { tagList: ['ok', 'b\u0000d'] } }, 'body')).toEqual({ status: 422, body: { errors: { tagList: ['must not contain NUL characters'] } } });
    expect(failure({ tag: '\u0000' }, 'query')).toEqual({ status: 422, body: { errors: { tag: ['must not contain NUL characters'] } } });
  });

  it("leaves a custom decorator's value (the server's own: the viewer, its account) alone", () => {
    const account = { id: 1, bio: 'stored\u0000before this pipe existed' };
    expect(failure(account, 'custom')).toBeUndefined();
    expect(pipe.transform(account, { type: 'custom' })).toBe(account);
  });

  it('answers 404 for a path parameter holding a NUL', () => {
    expect(failure('ja\u0000ke', 'param', 'username')).toEqual({ status: 404, body: { errors: { profile: ['not found'] } } });
  });
});
