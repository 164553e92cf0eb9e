export * from './lib/claude-hook';
export * from './lib/notification-type.constant';
export * from './lib/notify-payload';
export * from './lib/permission';
export * from './lib/request-kind';
export * from './lib/signature.util';
export * from './lib/tmux-target.util';
