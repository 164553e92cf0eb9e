import { readFile, realpath, stat } from 'node:fs/promises';
import { CliError, CliErrorCode, errorMessage } from '../cli.error';
import { writeFileAtomic } from '../fs/atomic-write.util';
import { hasErrorCode } from '../fs/fs-error.util';
import type { JsonObject } from './settings-merge.util';

export interface SettingsFile {
  path: string;
  exists: boolean;
  settings: JsonObject;
  /** The file's own indentation, kept when it is written back. */
  indent: string;
}

const DEFAULT_INDENT = '  ';

/** A new settings.json may come to hold `env` secrets: private unless the file says otherwise. */
const NEW_SETTINGS_MODE = 0o600;

export async function readSettingsFile(path: string): Promise<SettingsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT'))
      return { path, exists: false, settings: {}, indent: DEFAULT_INDENT };
    throw new CliError(CliErrorCode.Settings, `cannot read ${path}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (text.trim() === '') return { path, exists: true, settings: {}, indent: DEFAULT_INDENT };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      CliErrorCode.Settings,
      `${path} is not valid JSON (${errorMessage(error)}); fix it first, remote-hook does not overwrite it`,
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(CliErrorCode.Settings, `${path} must hold a JSON object`);
  }
  return { path, exists: true, settings: value as JsonObject, indent: detectIndent(text) };
}

export function serializeSettings(settings: JsonObject, indent: string = DEFAULT_INDENT): string {
  return `${JSON.stringify(settings, null, indent)}\n`;
}

/** The whitespace before the first indented key; two spaces for a file on one line. */
export function detectIndent(text: string): string {
  return /^([ \t]+)"/m.exec(text)?.[1] ?? DEFAULT_INDENT;
}

/**
 * Writes atomically, keeping the file's mode. A symlinked settings.json (dotfiles) is written
 * through to its target so that the link survives.
 */
export async function writeSettingsFile(
  path: string,
  settings: JsonObject,
  indent: string = DEFAULT_INDENT,
): Promise<void> {
  let target = path;
  let mode = NEW_SETTINGS_MODE;
  try {
    target = await realpath(path);
    mode = (await stat(target)).mode & 0o777;
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
  await writeFileAtomic(target, serializeSettings(settings, indent), { mode, dirMode: 0o700 });
}

/** Prefixes a shape error from the pure merge functions with the file it is about. */
export function inSettingsFile<T>(path: string, edit: () => T): T {
  try {
    return edit();
  } catch (error) {
    if (error instanceof CliError) {
      throw new CliError(error.code, `${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
