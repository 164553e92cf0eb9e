export * from './lib/clock-time.util';
export * from './lib/delivery-decision.util';
export * from './lib/delivery-settings.interface';
export * from './lib/mute-duration.util';
export * from './lib/quiet-hours.util';
export * from './lib/time-zone.util';
