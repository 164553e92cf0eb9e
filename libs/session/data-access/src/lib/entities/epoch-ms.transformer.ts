import type { ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Epoch milliseconds are past 32 bits, so their columns are `bigint`; PostgreSQL's driver hands
 * a `bigint` back as a string (it may exceed 2^53), and a time never does, so it becomes a
 * number again here. SQLite's driver gives numbers already.
 */
export const EPOCH_MS_TRANSFORMER: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) =>
    value === null || value === undefined
      ? value
      : typeof value === 'number'
        ? value
        : Number(value),
};

/** The options of a column that holds a time as epoch milliseconds. */
export function epochMsColumn(
  options: Pick<ColumnOptions, 'name' | 'nullable' | 'default'> = {},
): ColumnOptions {
  return { ...options, type: 'bigint', transformer: EPOCH_MS_TRANSFORMER };
}
