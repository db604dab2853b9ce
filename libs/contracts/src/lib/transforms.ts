import { Transform } from 'class-transformer';

/** Trims strings and leaves every other type alone, so a wrong type still fails validation. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Emails are case-insensitive and trimmed (API.md). */
export const NormalizeEmail = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Tags: trimmed, duplicates removed, sorted; non-strings kept so validation reports them. */
export const NormalizeTagList = (): PropertyDecorator =>
  Transform(({ value }) => {
    if (!Array.isArray(value)) return value;
    const trimmed = value.map((tag: unknown) => (typeof tag === 'string' ? tag.trim() : tag));
    if (trimmed.some((tag) => typeof tag !== 'string')) return trimmed;
    return [...new Set(trimmed as string[])].sort();
  });

/** `bio` / `image`: `""` (or white space) clears the field like `null` does (API.md "Updates"). */
export const EmptyToNull = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? null : value));
