import { existsSync } from 'node:fs';
import { describeHookSpecs } from '../../claude-settings/describe-hooks.util';
import { scriptPathOf } from '../../claude-settings/hook-command.util';
import { hookSpecsFor } from '../../claude-settings/own-hooks.constant';
import { readSettingsFile } from '../../claude-settings/settings-file.util';
import { findOwnHooks, handWrittenRemoteHooks } from '../../claude-settings/settings-merge.util';
import { errorMessage } from '../../cli.error';
import type { ExtraEvent } from '../../config/config.constant';
import { describeConfig } from '../../config/describe-config.util';
import type { ConfigResolution } from '../../config/load-config.util';
import { listPending, listRejected, rejectedDir, spooledAt } from '../../delivery/spool.util';
import type { Env } from '../../env.interface';
import { runCommand } from '../../hook-input/run-command.util';
import type { CheckResult } from './check-result.interface';

export function checkConfig(resolution: ConfigResolution): CheckResult {
  if (resolution.config) {
    const where = resolution.fileFound ? resolution.filePath : 'environment only';
    return { ok: true, text: `config: ${describeConfig(resolution.config)} (${where})` };
  }
  return { ok: false, text: `config: ${resolution.problems.join('; ')}` };
}

export async function checkTmux(env: Env, timeoutMs: number): Promise<CheckResult> {
  const version = await runCommand('tmux', ['-V'], { env, timeoutMs });
  if (version === null) {
    return {
      ok: false,
      text: 'tmux not found: install it and run Claude Code inside tmux, so answers from Telegram can be typed into it',
    };
  }
  const pane = env['TMUX'] ? env['TMUX_PANE'] : undefined;
  const where = pane
    ? `this shell runs inside tmux (pane ${pane})`
    : 'this shell is not inside tmux: start Claude Code inside tmux, or answers cannot reach it';
  return { ok: true, text: `${version} installed; ${where}` };
}

export async function checkHooks(
  settingsPath: string,
  extraEvents: readonly ExtraEvent[],
  permissionTimeoutSeconds: number,
): Promise<CheckResult> {
  let settings;
  try {
    ({ settings } = await readSettingsFile(settingsPath));
  } catch (error) {
    return { ok: false, text: `hooks: ${errorMessage(error)}` };
  }
  const own = findOwnHooks(settings);
  const wanted = hookSpecsFor(extraEvents, permissionTimeoutSeconds);
  const missing = wanted.filter((spec) => !own.some((hook) => hook.event === spec.event));
  if (missing.length > 0) {
    return {
      ok: false,
      text: `hooks missing in ${settingsPath} for ${describeHookSpecs(missing)}: run "remote-hook install"`,
    };
  }
  const gone = own
    .map((hook) => scriptPathOf(hook.command))
    .find((script) => script !== null && !existsSync(script));
  if (gone) {
    return {
      ok: false,
      text: `hooks in ${settingsPath} run ${gone}, which no longer exists: run "remote-hook install" again`,
    };
  }
  // Claude Code would kill the hook while it still waits, and report it as failed.
  const shortLived = own.find(
    (hook) =>
      hook.event === 'PermissionRequest' &&
      (hook.timeout === undefined || hook.timeout <= permissionTimeoutSeconds),
  );
  if (shortLived) {
    return {
      ok: false,
      text: `hooks in ${settingsPath} give PermissionRequest a timeout of ${shortLived.timeout ?? 'unset'} s, not longer than the permission timeout of ${permissionTimeoutSeconds} s: run "remote-hook install" again`,
    };
  }
  const doubles = handWrittenRemoteHooks(settings);
  if (doubles.length > 0) {
    return {
      ok: false,
      text: `hooks installed in ${settingsPath}, but hooks.${doubles[0].event} also runs "${doubles[0].command}": remove it, or notifications arrive twice`,
    };
  }
  return { ok: true, text: `hooks installed in ${settingsPath}: ${describeHookSpecs(wanted)}` };
}

export async function checkSpool(dir: string): Promise<CheckResult> {
  const [pending, rejected] = await Promise.all([listPending(dir), listRejected(dir)]);
  const problems: string[] = [];
  if (pending.length > 0) {
    const oldest = spooledAt(pending[0])?.toISOString() ?? 'unknown';
    problems.push(
      `${pending.length} undelivered event(s) in ${dir} (oldest ${oldest}): run "remote-hook flush" once the hub is reachable`,
    );
  }
  if (rejected.length > 0) {
    problems.push(
      `${rejected.length} event(s) the hub refused in ${rejectedDir(dir)}: read them, then delete them or retry with "remote-hook flush --retry-rejected"`,
    );
  }
  if (problems.length > 0) return { ok: false, text: `spool: ${problems.join('; ')}` };
  return { ok: true, text: `spool empty (${dir})` };
}
