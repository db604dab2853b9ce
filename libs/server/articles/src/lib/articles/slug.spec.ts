import { MAX_BASE_LENGTH, MAX_SLUG_LENGTH, isPlausibleSlug, randomSuffix, slugFor } from './slug';
import { ParseSlugPipe } from './slug.pipe';

const fixed = () => 'abc123';

describe('slugFor', () => {
  it('lower-cases, transliterates and hyphenates the title, then adds the suffix', () => {
    expect(slugFor('Hello, World!', fixed)).toBe('hello-world-abc123');
    expect(slugFor('  How to   train your DRAGON  ', fixed)).toBe('how-to-train-your-dragon-abc123');
    expect(slugFor('Über straße & more', fixed)).toBe('uber-strasse-and-more-abc123');
  });

  it('falls back to "article" when the title has no ASCII letters or digits', () => {
    expect(slugFor('日本語のタイトル', fixed)).toBe('article-abc123');
    expect(slugFor('---', fixed)).toBe('article-abc123');
    expect(slugFor('🙂', fixed)).toBe('article-abc123');
  });

  it('gives two articles with one title two slugs', () => {
    expect(slugFor('Same title')).not.toBe(slugFor('Same title'));
  });

  it("keeps a slug of the longest title within Fastify's 100-character path parameter limit", () => {
    for (const title of ['word '.repeat(51).trim(), ' € ♥'.repeat(60), 'x'.repeat(255), 'ab '.repeat(85)]) {
      const slug = slugFor(title, fixed);
      expect(slug.length).toBeLessThanOrEqual(100);
      expect(slug).not.toMatch(/--/);
      expect(isPlausibleSlug(slug)).toBe(true);
    }
  });

  it('cuts a long title at a word boundary', () => {
    const slug = slugFor('alpha '.repeat(20), fixed);
    expect(slug).toMatch(/^(alpha-)+abc123$/);
    expect(slug.length - '-abc123'.length).toBeLessThanOrEqual(MAX_BASE_LENGTH);
    expect(slugFor('x'.repeat(255), fixed)).toBe(`${'x'.repeat(MAX_BASE_LENGTH)}-abc123`);
  });

  it('always produces a slug that isPlausibleSlug accepts', () => {
    for (const title of ['a', 'A B C', "It's 50% off!", 'x'.repeat(255), '日本', '  -a-  ', '\u0000x', 'ÆØÅ ñ ç']) {
      expect(isPlausibleSlug(slugFor(title))).toBe(true);
    }
  });
});

describe('randomSuffix', () => {
  it('is six base-36 characters', () => {
    for (let i = 0; i < 200; i++) expect(randomSuffix()).toMatch(/^[0-9a-z]{6}$/);
  });
});

describe('isPlausibleSlug', () => {
  it.each(['', 'UPPER-abc123', 'a b', 'a/b', 'x'.repeat(MAX_SLUG_LENGTH + 1), 'a\u0000b', '-a', 'a-', 'a--b', 'é-abc123'])(
    'rejects %j without asking the database',
    (slug) => expect(isPlausibleSlug(slug)).toBe(false),
  );

  it.each(['hello-world-abc123', 'article-000000', 'x'.repeat(MAX_SLUG_LENGTH)])('accepts %j', (slug) => {
    expect(isPlausibleSlug(slug)).toBe(true);
  });
});

describe('ParseSlugPipe', () => {
  const pipe = new ParseSlugPipe();

  it('passes a plausible slug on unchanged', () => expect(pipe.transform('hello-abc123')).toBe('hello-abc123'));

  it('answers a slug this API could never have made with the contract 404', () => {
    expect(() => pipe.transform('x'.repeat(MAX_SLUG_LENGTH + 1))).toThrow(
      expect.objectContaining({ response: { errors: { article: ['not found'] } } }),
    );
  });
});
