import { toArticleDto, toArticleListItemDto } from './article-view';

const row = {
  id: 1,
  slug: 'hello-abc123',
  title: 'Hello',
  description: 'd',
  body: 'b',
  authorId: 7,
  favoritesCount: '3' as unknown as number,
  createdAt: new Date('2026-11-26T10:00:00Z'),
  updatedAt: new Date('2026-11-26T10:00:01.5Z'),
};
const extras = { tagList: ['b', 'a', 'b'], favorited: true, author: { username: 'u', bio: null, image: null, following: false } };

describe('article views', () => {
  it('maps an entity to the contract Article: ISO timestamps with ms, integer count, sorted unique tags', () => {
    expect(toArticleDto(row, extras)).toEqual({
      slug: 'hello-abc123',
      title: 'Hello',
      description: 'd',
      body: 'b',
      tagList: ['a', 'b'],
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:00:01.500Z',
      favorited: true,
      favoritesCount: 3,
      author: extras.author,
    });
  });

  it('leaves `body` out of list items', () => {
    expect(toArticleListItemDto(row, extras)).not.toHaveProperty('body');
  });
});
