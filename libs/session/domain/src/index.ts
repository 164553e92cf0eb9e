export * from './lib/session-expiry.util';
export * from './lib/session-key.util';
export * from './lib/session-name.util';
export * from './lib/session-state.util';
export * from './lib/session-token.util';
export * from './lib/session-view.interface';
export * from './lib/session.error';
export * from './lib/tmux-target.util';
