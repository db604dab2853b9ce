import { parseCommentId } from './comment-view';

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
