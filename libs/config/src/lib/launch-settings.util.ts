import { FIELD_LIMITS, isPlainTmuxSessionName } from '@ccr/protocol';
import { ConfigError } from './config.error';
import type { Json } from './original-servers.util';

/** The program /new runs when a server does not say: `claude` on that server's PATH. */
export const DEFAULT_CLAUDE_COMMAND: readonly string[] = ['claude'];

/** The tmux session /new opens its windows in when a server does not say. */
export const DEFAULT_TMUX_SESSION = 'ccr';

/** How /new starts Claude Code on one server, every default filled in. */
export interface LaunchSettings {
  /** The folders /new offers, as written (`~/webapp`), without a trailing slash. */
  projects: string[];
  /** When false, /new starts Claude only in one of `projects`. */
  allowAnyFolder: boolean;
  /** The program and its arguments: never a shell command line. */
  claudeCommand: string[];
  /** The tmux session the hub opens its windows in, created when missing. */
  tmuxSession: string;
}

/** The servers.json fields of LaunchSettings, as an entry may set them. */
export type LaunchFields = Partial<LaunchSettings>;

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `~/webapp/` and `~/webapp` are one folder; `/` and `~` stay as they are. */
export function withoutTrailingSlash(folder: string): string {
  const trimmed = folder.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/**
 * A folder as servers.json or /new may name it: absolute (`/srv/api`) or in the home folder of
 * the user Claude runs as (`~`, `~/webapp`). The problem in words, or undefined when it is fine.
 */
export function folderProblem(folder: string): string | undefined {
  if (folder.trim() === '') return 'must not be empty';
  if (CONTROL.test(folder)) return 'must not hold control characters';
  if (folder.length > FIELD_LIMITS.cwd) return `must be at most ${FIELD_LIMITS.cwd} characters`;
  if (!folder.startsWith('/') && folder !== '~' && !folder.startsWith('~/')) {
    return 'must start with / or ~/ (such as "~/webapp" or "/srv/api")';
  }
  return undefined;
}

function parseProjects(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) {
    throw new ConfigError(field, 'must be a list of folders, such as ["~/webapp", "/srv/api"]');
  }
  const seen = new Map<string, number>();
  return value.map((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof item !== 'string') throw new ConfigError(at, 'must be a folder, as text');
    const problem = folderProblem(item);
    if (problem) throw new ConfigError(at, problem);
    const folder = withoutTrailingSlash(item);
    const first = seen.get(folder);
    if (first !== undefined) {
      throw new ConfigError(at, `"${folder}" is listed twice (${field}[${first}] too)`);
    }
    seen.set(folder, i);
    return folder;
  });
}

function parseClaudeCommand(value: unknown, field: string): string[] {
  const words = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(words) || words.length === 0) {
    throw new ConfigError(
      field,
      'must be a program ("claude", "/opt/claude/bin/claude") or a list of a program and its ' +
        'arguments (["claude", "--model", "opus"]); it is run as it is, never by a shell',
    );
  }
  return words.map((word: unknown, i) => {
    const at = typeof value === 'string' ? field : `${field}[${i}]`;
    if (typeof word !== 'string' || word === '') {
      throw new ConfigError(at, 'must be a non-empty string');
    }
    if (CONTROL.test(word)) throw new ConfigError(at, 'must not hold control characters');
    if (i === 0 && (word.trim() !== word || word.startsWith('-'))) {
      throw new ConfigError(
        at,
        'must be the program: its name or path, without spaces around it or a leading "-"',
      );
    }
    return word;
  });
}

/**
 * The launch fields of a flat servers.json entry, validated; `field(key)` names a field in
 * messages (`servers[1] (kr4).projects`). Only the fields the entry sets are returned.
 */
export function parseLaunchFields(entry: Json, field: (key: string) => string): LaunchFields {
  const fields: LaunchFields = {};
  if (entry['projects'] !== undefined) {
    fields.projects = parseProjects(entry['projects'], field('projects'));
  }
  const allowAnyFolder = entry['allowAnyFolder'];
  if (allowAnyFolder !== undefined) {
    if (typeof allowAnyFolder !== 'boolean') {
      throw new ConfigError(field('allowAnyFolder'), 'must be true or false');
    }
    fields.allowAnyFolder = allowAnyFolder;
  }
  if (entry['claudeCommand'] !== undefined) {
    fields.claudeCommand = parseClaudeCommand(entry['claudeCommand'], field('claudeCommand'));
  }
  const tmuxSession = entry['tmuxSession'];
  if (tmuxSession !== undefined) {
    if (!isPlainTmuxSessionName(tmuxSession)) {
      throw new ConfigError(
        field('tmuxSession'),
        `must be 1–${FIELD_LIMITS.tmuxSession} letters, digits, "_" or "-", not starting with "-" (such as "ccr")`,
      );
    }
    fields.tmuxSession = tmuxSession;
  }
  return fields;
}

/** A server's launch settings with every default filled in. */
export function launchSettingsOf(server: LaunchFields): LaunchSettings {
  return {
    projects: [...(server.projects ?? [])],
    allowAnyFolder: server.allowAnyFolder ?? false,
    claudeCommand: [...(server.claudeCommand ?? DEFAULT_CLAUDE_COMMAND)],
    tmuxSession: server.tmuxSession ?? DEFAULT_TMUX_SESSION,
  };
}
