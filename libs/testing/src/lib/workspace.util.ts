import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

function findWorkspaceRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No nx.json in ${start} or any folder above it`);
    dir = parent;
  }
}

/** The folder holding nx.json: built apps are under `dist/` there. */
export const workspaceRoot: string = findWorkspaceRoot(__dirname);

/** What Claude Code writes on a hook's stdin, one file per event (see its README). */
export const CLAUDE_HOOK_FIXTURES_DIR: string = join(
  workspaceRoot,
  'libs',
  'testing',
  'fixtures',
  'claude-hooks',
);

export interface ClaudeHookFixture {
  path: string;
  text: string;
  /** The parsed JSON; a fresh object on each call, so a test may change it. */
  json: Record<string, unknown>;
}

/**
 * A Claude Code hook payload by name (`'stop'` or `'stop.json'`). For a file that is not one
 * JSON object (`transcript-basic.jsonl`), reading `json` throws.
 */
export function claudeHookFixture(name: string): ClaudeHookFixture {
  const file = extname(name) === '' ? `${name}.json` : name;
  const path = join(CLAUDE_HOOK_FIXTURES_DIR, file);
  if (!existsSync(path)) {
    const known = readdirSync(CLAUDE_HOOK_FIXTURES_DIR).filter((f) => f !== 'README.md');
    throw new Error(`No Claude hook fixture "${name}"; there are: ${known.join(', ')}`);
  }
  const text = readFileSync(path, 'utf8');
  return {
    path,
    text,
    get json(): Record<string, unknown> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new Error(`Claude hook fixture "${file}" is not one JSON object`, { cause: error });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`Claude hook fixture "${file}" is not one JSON object`);
      }
      return parsed as Record<string, unknown>;
    },
  };
}
