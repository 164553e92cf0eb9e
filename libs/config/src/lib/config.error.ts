/**
 * A configuration value that stops the hub from starting. The message names the environment
 * variable or the servers.json field and says what is wrong with it.
 */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${setting}: ${problem}`, options);
    this.name = 'ConfigError';
  }
}
