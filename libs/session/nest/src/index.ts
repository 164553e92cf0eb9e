export * from './lib/session-database.module';
