export * from './lib/bot-env.config';
export * from './lib/config.error';
export * from './lib/dot-env.util';
export * from './lib/env-validation.util';
export * from './lib/hub-env.config';
export * from './lib/servers.config';
export * from './lib/shared-env.config';
export * from './lib/shared-secret.util';
