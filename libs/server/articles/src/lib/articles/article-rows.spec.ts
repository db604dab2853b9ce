import { articleFromRow, articleListItemFromRow } from './article-rows';

const row = {
  id: 1,
  slug: 'hello-abc123',
  title: 'Hello',
  description: 'd',
  body: 'b',
  created_at: '2026-11-26T10:00:00.000Z',
  updated_at: '2026-11-26T10:00:01.500Z',
  favorites_count: '3',
  tags: ['b', 'a', 'b'],
  favorited: 1,
  author_username: 'u',
  author_bio: null,
  author_image: null,
  author_following: 0,
};

describe('article rows', () => {
  it('map to the contract Article: integer count, sorted unique tags, booleans from 0/1', () => {
    expect(articleFromRow(row)).toEqual({
      slug: 'hello-abc123',
      title: 'Hello',
      description: 'd',
      body: 'b',
      tagList: ['a', 'b'],
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:00:01.500Z',
      favorited: true,
      favoritesCount: 3,
      author: { username: 'u', bio: null, image: null, following: false },
    });
  });

  it('read PostgreSQL rows too (real booleans)', () => {
    const fromPostgres = { ...row, tags: ['z', 'a'], favorited: false, author_following: true };
    expect(articleFromRow(fromPostgres)).toMatchObject({ tagList: ['a', 'z'], favorited: false, author: { following: true } });
  });

  it('leave `body` out of list items', () => {
    expect(articleListItemFromRow(row)).not.toHaveProperty('body');
  });
});
