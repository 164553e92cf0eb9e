import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLAUDE_CODE_PACKAGE, CLAUDE_CODE_VERSION } from './claude-code.constant';
import { workspaceRoot } from './workspace.util';

export interface ClaudeCodeInstall {
  /** The native binary, from the platform package (it runs without the postinstall script). */
  binary: string;
  /** The version the binary itself reports. */
  version: string;
}

const MOVE_HINT =
  'the tests are pinned to one release: see CLAUDE_CODE_VERSION in libs/testing/src/lib/claude-code.constant.ts for how to move to another';

/** `@anthropic-ai/claude-code-linux-x64` on this machine. */
export function claudeCodePlatformPackage(): string {
  return `${CLAUDE_CODE_PACKAGE}-${process.platform}-${process.arch}`;
}

function installedVersion(packageName: string): string | undefined {
  let manifest: string;
  try {
    manifest = require.resolve(`${packageName}/package.json`, { paths: [workspaceRoot] });
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : undefined;
}

/** The version package.json pins (devDependencies), as written there. */
export function pinnedClaudeCodeVersion(): string | undefined {
  const manifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  return manifest.devDependencies?.[CLAUDE_CODE_PACKAGE];
}

let checked: ClaudeCodeInstall | undefined;

/**
 * Finds the installed Claude Code binary and checks that it is the pinned release, once per
 * process. Fails with what to do: install it (`npm ci`), or move the pin on purpose.
 */
export function claudeCodeInstall(): ClaudeCodeInstall {
  if (checked) return checked;
  const platformPackage = claudeCodePlatformPackage();
  const wrapper = installedVersion(CLAUDE_CODE_PACKAGE);
  const native = installedVersion(platformPackage);
  if (wrapper === undefined || native === undefined) {
    throw new Error(
      `Claude Code is not installed (${wrapper === undefined ? CLAUDE_CODE_PACKAGE : platformPackage} is missing): run "npm ci". ` +
        `Its binary comes in ${platformPackage}, an optional dependency for ${process.platform}-${process.arch}.`,
    );
  }
  for (const [name, version] of [
    [CLAUDE_CODE_PACKAGE, wrapper],
    [platformPackage, native],
  ] as const) {
    if (version !== CLAUDE_CODE_VERSION) {
      throw new Error(
        `${name} ${version} is installed, but the tests expect Claude Code ${CLAUDE_CODE_VERSION}: run "npm ci" to install the pinned one, or, to move to ${version}, ${MOVE_HINT}.`,
      );
    }
  }
  const binary = join(
    dirname(require.resolve(`${platformPackage}/package.json`, { paths: [workspaceRoot] })),
    'claude',
  );
  if (!existsSync(binary)) throw new Error(`${platformPackage} holds no binary at ${binary}`);
  let reported: string;
  try {
    reported = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch (error) {
    throw new Error(`${binary} --version failed: does the binary run on this machine?`, {
      cause: error,
    });
  }
  const version = /^(\S+)/.exec(reported)?.[1] ?? '';
  if (version !== CLAUDE_CODE_VERSION) {
    throw new Error(
      `${binary} reports "${reported}", but the tests expect Claude Code ${CLAUDE_CODE_VERSION}; ${MOVE_HINT}.`,
    );
  }
  checked = { binary, version };
  return checked;
}
