/** Injection tokens for the configuration that main.ts loads and validates before Nest starts. */
export const BOT_CONFIG = Symbol('BOT_CONFIG');
export const SERVERS_CONFIG = Symbol('SERVERS_CONFIG');
/** The root pino logger; each update gets a child of it carrying its update_id. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
