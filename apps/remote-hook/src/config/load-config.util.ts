import { readFile } from 'node:fs/promises';
import { errorMessage } from '../cli.error';
import { hasErrorCode } from '../fs/fs-error.util';
import {
  CONFIG_KEY_NAMES,
  CONFIG_KEYS,
  EXTRA_EVENTS_ENV,
  PERMISSION_TIMEOUT_ENV,
  PERMISSION_TIMEOUT_FILE_KEY,
} from './config.constant';
import type { ConfigLayer } from './config.interface';
import type { Env } from '../env.interface';
import { configFilePath } from './paths.util';
import {
  mergeConfigLayers,
  parseEventList,
  validateConfig,
  type ConfigCheck,
  type MergedConfig,
} from './validate-config.util';

export interface ConfigFileRead {
  /** Null when the file does not exist or cannot be used. */
  layer: ConfigLayer | null;
  found: boolean;
  problems: string[];
}

export interface ConfigResolution extends ConfigCheck {
  filePath: string;
  fileFound: boolean;
  merged: MergedConfig;
}

export async function readConfigFile(path: string): Promise<ConfigFileRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return { layer: null, found: false, problems: [] };
    return {
      layer: null,
      found: true,
      problems: [`cannot read ${path}: ${errorMessage(error)}`],
    };
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return {
      layer: null,
      found: true,
      problems: [
        `${path} is not valid JSON (${errorMessage(error)}): fix it or run "remote-hook install" again`,
      ],
    };
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    return { layer: null, found: true, problems: [`${path} must hold a JSON object`] };
  }
  return { ...layerFromFileContent(content as Record<string, unknown>, path), found: true };
}

function layerFromFileContent(
  content: Record<string, unknown>,
  path: string,
): { layer: ConfigLayer; problems: string[] } {
  const problems: string[] = [];
  const layer: ConfigLayer = { source: 'file', values: {} };
  for (const key of CONFIG_KEY_NAMES) {
    const value = content[key];
    if (value === undefined) continue;
    if (typeof value === 'string') layer.values[key] = value;
    else problems.push(`"${key}" in ${path} must be a string`);
  }
  const extraEvents = content['extraEvents'];
  if (extraEvents !== undefined) {
    if (Array.isArray(extraEvents) && extraEvents.every((name) => typeof name === 'string')) {
      layer.extraEvents = extraEvents;
    } else {
      problems.push(
        `"extraEvents" in ${path} must be a list of event names such as ["SubagentStop"]`,
      );
    }
  }
  const timeout = content[PERMISSION_TIMEOUT_FILE_KEY];
  if (typeof timeout === 'number') {
    // Checked with the other layers' values, so a wrong number is named like a wrong string.
    layer.permissionTimeout = String(timeout);
  } else if (timeout !== undefined) {
    problems.push(
      `"${PERMISSION_TIMEOUT_FILE_KEY}" in ${path} must be a number of seconds such as 300`,
    );
  }
  return { layer, problems };
}

export function envLayer(env: Env): ConfigLayer {
  const layer: ConfigLayer = { source: 'env', values: {} };
  for (const key of CONFIG_KEY_NAMES) {
    const value = env[CONFIG_KEYS[key].env];
    if (value) layer.values[key] = value.trim();
  }
  const extraEvents = env[EXTRA_EVENTS_ENV];
  if (extraEvents) layer.extraEvents = parseEventList(extraEvents);
  const timeout = env[PERMISSION_TIMEOUT_ENV]?.trim();
  if (timeout) layer.permissionTimeout = timeout;
  return layer;
}

/** File, then environment, then `overrides` (command-line flags), validated together. */
export async function resolveConfig(
  env: Env,
  cwd: string,
  overrides: readonly ConfigLayer[] = [],
): Promise<ConfigResolution> {
  const filePath = configFilePath(env, cwd);
  const file = await readConfigFile(filePath);
  const layers = [file.layer, envLayer(env), ...overrides].filter(
    (layer): layer is ConfigLayer => layer !== null,
  );
  const merged = mergeConfigLayers(layers);
  const check = validateConfig(merged, filePath);
  const problems = [...file.problems, ...check.problems];
  return {
    ...check,
    config: problems.length > 0 ? null : check.config,
    problems,
    filePath,
    fileFound: file.found,
    merged,
  };
}
