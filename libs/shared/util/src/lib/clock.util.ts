/**
 * Where a service reads the time from. Services take one instead of calling `new Date()`, so
 * that tests which depend on the time of day (quiet hours, mutes) can set it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
