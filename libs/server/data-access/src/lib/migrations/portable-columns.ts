import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column shapes that mean the same on SQLite and PostgreSQL, so one migration set
 * serves both engines. Migrations never import entities: they describe the schema
 * as it was at their point in history.
 */
export const portable = {
  id: (name = 'id'): TableColumnOptions => ({
    name,
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  reference: (name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'integer',
    isNullable: false,
    ...options,
  }),
  varchar: (name: string, length: number, options: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: false,
    ...options,
  }),
  text: (name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'text',
    isNullable: false,
    ...options,
  }),
  /** An instant: `timestamptz` on PostgreSQL, TypeORM's `datetime` text on SQLite (UTC, ms). */
  timestamp: (queryRunner: QueryRunner, name: string): TableColumnOptions => ({
    name,
    type: queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime',
    isNullable: false,
  }),
};
