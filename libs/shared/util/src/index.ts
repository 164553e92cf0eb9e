export * from './lib/backoff.util';
export * from './lib/clip-text.util';
export * from './lib/clock.util';
export * from './lib/keyed-serial-queue.util';
export * from './lib/poll-until.util';
