import { resolveConfig } from '../../config/load-config.util';
import { claudeSettingsPath, spoolDirPath } from '../../config/paths.util';
import { hubUrls } from '../../delivery/hub-urls.util';
import { ExitCode } from '../../exit-code.constant';
import { stringOption, type CommandDefinition } from '../command.interface';
import { formatCheck, type CheckResult } from './check-result.interface';
import { checkHubHealth, checkSignedPing } from './hub-checks.util';
import { checkConfig, checkHooks, checkSpool, checkTmux } from './local-checks.util';

const HTTP_TIMEOUT_MS = 5000;
const TMUX_TIMEOUT_MS = 2000;

export const DOCTOR_COMMAND: CommandDefinition = {
  name: 'doctor',
  summary: 'check config, hub, shared secret, tmux, hooks and spool',
  usage: 'remote-hook doctor [--settings PATH]',
  help: [
    'Checks, one line each (✓ fine, ✗ with what to do):',
    '  config    present and valid (env and config file)',
    '  hub       GET /health next to the endpoint answers',
    '  secret    a signed POST /ping, signed like /notify, is accepted (401: wrong secret)',
    '  tmux      installed, and whether this shell runs inside it',
    "  hooks     installed in Claude Code's settings (PermissionRequest included, with a",
    '            timeout longer than the permission timeout), and the CLI they run still exists',
    '  spool     no undelivered or refused events',
    '',
    'Exit status: 0 when every check passed, 1 otherwise.',
    '',
    'Options:',
    '  --settings PATH    another Claude Code settings file (.claude/settings.json)',
  ].join('\n'),
  options: { settings: { type: 'string' } },
  hookCommand: false,
  async run(ctx, args) {
    const resolution = await resolveConfig(ctx.env, ctx.cwd);
    const checks: CheckResult[] = [checkConfig(resolution)];
    ctx.print(formatCheck(checks[0]));

    const report = (check: CheckResult): void => {
      checks.push(check);
      ctx.print(formatCheck(check));
    };
    const { config } = resolution;
    if (config) {
      const urls = hubUrls(config.endpoint);
      const health = await checkHubHealth(urls, HTTP_TIMEOUT_MS);
      report(health);
      report(
        health.ok
          ? await checkSignedPing(urls, config, HTTP_TIMEOUT_MS)
          : { ok: false, text: 'signed ping not tried: the hub is not reachable' },
      );
    } else {
      report({ ok: false, text: 'hub not checked: the config is incomplete' });
    }
    report(await checkTmux(ctx.env, TMUX_TIMEOUT_MS));
    report(
      await checkHooks(
        claudeSettingsPath(ctx.env, ctx.cwd, stringOption(args, 'settings')),
        resolution.extraEvents,
        resolution.permissionTimeoutSeconds,
      ),
    );
    report(await checkSpool(spoolDirPath(ctx.env, ctx.cwd)));
    return checks.every((check) => check.ok) ? ExitCode.Ok : ExitCode.Failure;
  },
};
