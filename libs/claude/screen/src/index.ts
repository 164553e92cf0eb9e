export * from './lib/claude-screen.util';
