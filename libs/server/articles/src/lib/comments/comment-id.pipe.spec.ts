import { ParseCommentIdPipe, parseCommentId } from './comment-id.pipe';

describe('parseCommentId', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2_147_483_647],
  ])('reads %j as %d', (raw, id) => expect(parseCommentId(raw)).toBe(id));

  it.each(['', 'abc', '1.5', '-1', '0', '01', '1e3', ' 1', '0x10', '2147483648', '99999999999999999999'])(
    'treats %j as naming no comment',
    (raw) => expect(parseCommentId(raw)).toBeUndefined(),
  );
});

describe('ParseCommentIdPipe', () => {
  const pipe = new ParseCommentIdPipe();

  it('passes an id on as a number', () => expect(pipe.transform('42')).toBe(42));

  it('answers an id no comment can have with the contract 404', () => {
    expect(() => pipe.transform('1.5')).toThrow(expect.objectContaining({ response: { errors: { comment: ['not found'] } } }));
  });
});
