import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { buildHookCommand, type HookLauncher } from '../../claude-settings/hook-command.util';
import { describeHookSpecs } from '../../claude-settings/describe-hooks.util';
import { hookSpecsFor, permissionHookSpec } from '../../claude-settings/own-hooks.constant';
import {
  inSettingsFile,
  readSettingsFile,
  serializeSettings,
  writeSettingsFile,
} from '../../claude-settings/settings-file.util';
import { handWrittenRemoteHooks, withOwnHooks } from '../../claude-settings/settings-merge.util';
import { PERMISSION_TIMEOUT_ENV } from '../../config/config.constant';
import type { ConfigLayer, RemoteHookConfig } from '../../config/config.interface';
import { envLayer, readConfigFile } from '../../config/load-config.util';
import { claudeSettingsPath, configFilePath } from '../../config/paths.util';
import { describeConfig } from '../../config/describe-config.util';
import { serializeConfigFile, writeConfigFile } from '../../config/write-config.util';
import { ExitCode } from '../../exit-code.constant';
import { stringOption, type CommandArgs, type CommandDefinition } from '../command.interface';
import { planInstallConfig } from './install-config.util';

export const INSTALL_COMMAND: CommandDefinition = {
  name: 'install',
  summary: "write the config file and add remote-hook's hooks to Claude Code's settings",
  usage:
    'remote-hook install [--server-id ID] [--endpoint URL] [--secret SECRET] [--permission-timeout SECONDS] [--settings PATH]',
  help: [
    'Writes the config file when values are given, by flag or by the environment variables',
    'SERVER_ID, CENTRAL_HUB_ENDPOINT, SHARED_SECRET (and CCR_EXTRA_EVENTS, PERMISSION_TIMEOUT);',
    'values not given are kept from the file. It is written with mode 0600 to $CCR_CONFIG, else',
    '$XDG_CONFIG_HOME/ccr/remote-hook.json, else ~/.config/ccr/remote-hook.json.',
    '',
    'Then adds hooks for Stop, Notification (permission_prompt|idle_prompt) and StopFailure',
    '(and SubagentStop when configured), "remote-hook permission-request" for',
    'PermissionRequest, and background ("async") hooks for SessionStart, UserPromptSubmit and',
    'SessionEnd, which tell the hub what each session is doing and send no message, to',
    '$CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json.',
    'The PermissionRequest hook gets a timeout 30 s longer than the permission timeout in',
    'effect now, so run install again after changing it. Every other key and hook stays as it',
    'was; running install again gives the same file. The hooks run this Node and this copy of',
    'the CLI by absolute path.',
    '',
    'Options:',
    "  --server-id ID                this machine's id in the hub's servers.json (kr4)",
    "  --endpoint URL                the hub's /notify URL (http://172.24.12.11:3001/notify)",
    '  --secret SECRET               the shared secret; SHARED_SECRET=… keeps it out of shell',
    '                                history',
    '  --permission-timeout SECONDS  how long a permission request waits for an answer from',
    '                                Telegram (default 300)',
    '  --settings PATH               another Claude Code settings file (.claude/settings.json)',
  ].join('\n'),
  options: {
    'server-id': { type: 'string' },
    endpoint: { type: 'string' },
    secret: { type: 'string' },
    'permission-timeout': { type: 'string' },
    settings: { type: 'string' },
  },
  hookCommand: false,
  async run(ctx, args) {
    const configPath = configFilePath(ctx.env, ctx.cwd);
    const plan = planInstallConfig(
      await readConfigFile(configPath),
      envLayer(ctx.env),
      flagLayer(args),
      configPath,
    );
    const { extraEvents, permissionTimeoutSeconds } = plan.action === 'none' ? plan : plan.config;
    const specs = hookSpecsFor(extraEvents, permissionTimeoutSeconds);
    const scriptPath = ctx.scriptPath();
    const launcher: HookLauncher = { nodePath: ctx.nodePath, scriptPath };
    const command = buildHookCommand(ctx.nodePath, scriptPath);

    // Everything is checked before anything is written.
    const settingsPath = claudeSettingsPath(ctx.env, ctx.cwd, stringOption(args, 'settings'));
    const settingsFile = await readSettingsFile(settingsPath);
    const settings = inSettingsFile(settingsPath, () =>
      withOwnHooks(settingsFile.settings, specs, launcher),
    );

    if (plan.action === 'write') {
      const changed = await writeConfigIfChanged(configPath, plan.config);
      ctx.print(
        `✓ config ${changed ? 'written to' : 'unchanged in'} ${configPath} (${describeConfig(plan.config)})`,
      );
    } else if (plan.action === 'keep') {
      ctx.print(`✓ config kept: ${configPath} (${describeConfig(plan.config)})`);
    } else {
      ctx.print(`! no usable config yet, so the hooks send nothing: ${plan.problems.join('; ')}`);
    }

    const settingsChanged =
      !settingsFile.exists ||
      serializeSettings(settings) !== serializeSettings(settingsFile.settings);
    if (settingsChanged) await writeSettingsFile(settingsPath, settings, settingsFile.indent);
    ctx.print(
      `✓ hooks ${settingsChanged ? 'added to' : 'already in'} ${settingsPath}: ${describeHookSpecs(specs)}`,
    );
    ctx.print(`  command: ${command}`);
    ctx.print(
      `  PermissionRequest runs "permission-request", which waits up to ${permissionTimeoutSeconds} s for an answer from Telegram (${PERMISSION_TIMEOUT_ENV}); its hook timeout is ${permissionHookSpec(permissionTimeoutSeconds).timeoutSeconds} s`,
    );

    for (const hook of handWrittenRemoteHooks(settings)) {
      ctx.print(
        `! hooks.${hook.event} also runs "${hook.command}", which install did not add: remove it, or its notifications arrive twice`,
      );
    }
    if (scriptPath.includes(`${sep}_npx${sep}`)) {
      ctx.print(
        '! this copy runs from npx\'s cache, which npm may clear: install it for good ("npm install -g @ccr/remote-hook") and run "remote-hook install" again',
      );
    }
    ctx.print('next: "remote-hook doctor" checks the hub, the secret and tmux');
    return ExitCode.Ok;
  },
};

function flagLayer(args: CommandArgs): ConfigLayer {
  const layer: ConfigLayer = { source: 'flag', values: {} };
  const serverId = stringOption(args, 'server-id');
  const endpoint = stringOption(args, 'endpoint');
  const secret = stringOption(args, 'secret');
  if (serverId !== undefined) layer.values.serverId = serverId.trim();
  if (endpoint !== undefined) layer.values.endpoint = endpoint.trim();
  if (secret !== undefined) layer.values.secret = secret;
  const permissionTimeout = stringOption(args, 'permission-timeout');
  if (permissionTimeout !== undefined) layer.permissionTimeout = permissionTimeout.trim();
  return layer;
}

/** Leaves an identical file alone (and its modification time with it). */
async function writeConfigIfChanged(path: string, config: RemoteHookConfig): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === serializeConfigFile(config)) return false;
  await writeConfigFile(path, config);
  return true;
}
