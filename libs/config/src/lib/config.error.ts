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

/**
 * Runs an app's configuration loading; a ConfigError stops the process with one line naming
 * what to fix (and exit code 1) instead of a stack trace. Other errors propagate.
 */
export function loadConfigOrExit<T>(app: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${app}: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
