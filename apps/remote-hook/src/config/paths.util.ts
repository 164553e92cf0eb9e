import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { PATH_ENV } from './config.constant';
import type { Env } from '../env.interface';

export function homeDir(env: Env): string {
  return env['HOME'] || homedir();
}

/** XDG base directories must be absolute; a relative one is ignored, as the spec says. */
function xdgDir(env: Env, variable: string, fallback: string[]): string {
  const value = env[variable];
  return value && isAbsolute(value) ? value : join(homeDir(env), ...fallback);
}

/** `$CCR_CONFIG`, else `$XDG_CONFIG_HOME/ccr/remote-hook.json`, else `~/.config/ccr/remote-hook.json`. */
export function configFilePath(env: Env, cwd: string): string {
  const explicit = env[PATH_ENV.config];
  if (explicit) return resolve(cwd, explicit);
  return join(xdgDir(env, 'XDG_CONFIG_HOME', ['.config']), 'ccr', 'remote-hook.json');
}

/** `$CCR_SPOOL_DIR`, else `$XDG_STATE_HOME/ccr/spool`, else `~/.local/state/ccr/spool`. */
export function spoolDirPath(env: Env, cwd: string): string {
  const explicit = env[PATH_ENV.spool];
  if (explicit) return resolve(cwd, explicit);
  return join(xdgDir(env, 'XDG_STATE_HOME', ['.local', 'state']), 'ccr', 'spool');
}

/**
 * Claude Code's user settings: `override` (from `--settings`), else
 * `$CLAUDE_CONFIG_DIR/settings.json`, else `~/.claude/settings.json`.
 */
export function claudeSettingsPath(env: Env, cwd: string, override?: string): string {
  if (override) return resolve(cwd, override);
  const configDir = env[PATH_ENV.claudeConfigDir];
  if (configDir) return join(resolve(cwd, configDir), 'settings.json');
  return join(homeDir(env), '.claude', 'settings.json');
}
