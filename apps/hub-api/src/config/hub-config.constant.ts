/** Injection tokens for the configuration that main.ts loads and validates before Nest starts. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const SERVERS_CONFIG = Symbol('SERVERS_CONFIG');
export const SHARED_SECRET = Symbol('SHARED_SECRET');
