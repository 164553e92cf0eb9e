import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy, validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './config.error';
import { secretProblem } from './shared-secret.util';

/** class-transformer `@Transform` helpers for environment values, which are always text. */
export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

export const toTrimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;

export const toChatList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    : value;

/** `true` or `false` in any case; anything else is left for `@IsBoolean` to refuse. */
export const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : value;
};

/** A secret servers sign with, held to `secretProblem`'s rule. */
export function IsSecret(): PropertyDecorator {
  return ValidateBy({
    name: 'isSecret',
    validator: {
      validate: (value) => typeof value === 'string' && secretProblem(value) === undefined,
      defaultMessage: (args) =>
        typeof args?.value === 'string'
          ? (secretProblem(args.value) ?? 'is not valid')
          : 'must be text',
    },
  });
}

/**
 * Where a variable's value came from when not from the environment, such as
 * `config/servers.json: central.notificationPort` for NOTIFY_PORT: errors and warnings name
 * that instead, since that is what the user has to fix.
 */
export type EnvOrigins = ReadonlyMap<string, string>;

/** The name to give a variable in a message: its origin, else the variable. */
export function settingName(variable: string, origins: EnvOrigins | undefined): string {
  return origins?.get(variable) ?? variable;
}

/** An environment variable holding a whole number from `min` to `max`. */
export function EnvInt(min: number, max: number): PropertyDecorator {
  return (target, property) => {
    for (const rule of [Transform(toInt), IsInt(), Min(min), Max(max)]) rule(target, property);
  };
}

/** A numeric Telegram chat id: users are positive, groups and channels negative. */
export const CHAT_ID_PATTERN = /^-?\d{1,20}$/;

/** The token BotFather gives: the bot's numeric id, a colon and at least 20 more characters. */
export const BOT_TOKEN_PATTERN = /^\d+:[A-Za-z0-9_-]{20,}$/;

function describeError(error: ValidationError, origins: EnvOrigins | undefined): ConfigError {
  const problem = Object.values(error.constraints ?? {})[0] ?? 'is not valid';
  // class-validator's default messages start with the property name; ours do not.
  const text = problem.startsWith(`${error.property} `)
    ? problem.slice(error.property.length + 1)
    : problem;
  return new ConfigError(settingName(error.property, origins), text);
}

/**
 * Reads the listed variables from `env` (empty values count as unset) into an instance of
 * `schema`, whose property names are the variable names, and validates it.
 * Returns the instance and which variables were set; throws ConfigError naming the first bad one
 * (by its origin when `origins` has one).
 */
export function parseEnvSchema<T extends object>(
  schema: new () => T,
  variables: readonly string[],
  env: NodeJS.ProcessEnv,
  origins?: EnvOrigins,
): { parsed: T; set: ReadonlySet<string> } {
  const raw: Record<string, string> = {};
  for (const key of variables) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value;
  }
  const parsed = plainToInstance(schema, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { forbidUnknownValues: true });
  if (errors.length > 0) throw describeError(errors[0], origins);
  return { parsed, set: new Set(Object.keys(raw)) };
}
