export * from './lib/articles.module';
