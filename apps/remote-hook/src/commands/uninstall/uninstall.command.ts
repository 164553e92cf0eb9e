import { existsSync } from 'node:fs';
import {
  inSettingsFile,
  readSettingsFile,
  writeSettingsFile,
} from '../../claude-settings/settings-file.util';
import { withoutOwnHooks } from '../../claude-settings/settings-merge.util';
import { claudeSettingsPath, configFilePath, spoolDirPath } from '../../config/paths.util';
import { ExitCode } from '../../exit-code.constant';
import { stringOption, type CommandDefinition } from '../command.interface';

export const UNINSTALL_COMMAND: CommandDefinition = {
  name: 'uninstall',
  summary: "remove the hooks install added to Claude Code's settings",
  usage: 'remote-hook uninstall [--settings PATH]',
  help: [
    'Removes the hooks "remote-hook install" added (they end with "# @ccr/remote-hook"), and the',
    'groups and events that only held them. Hooks the user wrote, remote-hook ones included,',
    'stay. The config file and the spool are kept.',
    '',
    'Options:',
    '  --settings PATH    another Claude Code settings file (.claude/settings.json)',
  ].join('\n'),
  options: { settings: { type: 'string' } },
  hookCommand: false,
  async run(ctx, args) {
    const settingsPath = claudeSettingsPath(ctx.env, ctx.cwd, stringOption(args, 'settings'));
    const file = await readSettingsFile(settingsPath);
    const removal = inSettingsFile(settingsPath, () => withoutOwnHooks(file.settings));
    if (removal.removed === 0) {
      ctx.print(`✓ nothing to remove: no remote-hook hooks in ${settingsPath}`);
      return ExitCode.Ok;
    }
    await writeSettingsFile(settingsPath, removal.settings, file.indent);
    ctx.print(`✓ removed remote-hook from ${settingsPath}: ${removal.events.join(', ')}`);

    const kept = [configFilePath(ctx.env, ctx.cwd), spoolDirPath(ctx.env, ctx.cwd)].filter((path) =>
      existsSync(path),
    );
    if (kept.length > 0) ctx.print(`  kept: ${kept.join(', ')} (delete them when you are done)`);
    return ExitCode.Ok;
  },
};
