import { execFileSync } from 'node:child_process';
import {
  buildHookCommand,
  isOwnCommand,
  quotedWords,
  scriptPathOf,
  shellQuote,
} from './hook-command.util';
import { HOOK_MARKER } from './own-hooks.constant';

describe('hook command', () => {
  const awkward = "/home/o'brien/my tools/$HOME/main.js";

  it('quotes each path as one shell word, whatever it holds', () => {
    const echoed = execFileSync(
      'sh',
      ['-c', `printf '%s\\n' ${shellQuote(awkward)} ${shellQuote('')}`],
      {
        encoding: 'utf8',
      },
    );
    expect(echoed).toBe(`${awkward}\n\n`);
  });

  it('runs node and main.js by absolute path with "hook", and ends with the marker', () => {
    const command = buildHookCommand('/usr/bin/node', awkward);
    expect(command).toBe(
      `'/usr/bin/node' '/home/o'\\''brien/my tools/$HOME/main.js' hook ${HOOK_MARKER}`,
    );
    expect(command).not.toContain('npx');
    expect(isOwnCommand(command)).toBe(true);
    expect(quotedWords(command)).toEqual(['/usr/bin/node', awkward]);
    expect(scriptPathOf(command)).toBe(awkward);
  });

  it('runs another subcommand when asked', () => {
    const command = buildHookCommand('/usr/bin/node', awkward, 'permission-request');
    expect(command).toBe(
      `'/usr/bin/node' '/home/o'\\''brien/my tools/$HOME/main.js' permission-request ${HOOK_MARKER}`,
    );
    expect(isOwnCommand(command)).toBe(true);
    expect(scriptPathOf(command)).toBe(awkward);
  });

  it('is a command the shell runs, the marker being a comment', () => {
    const command = buildHookCommand('/bin/echo', awkward);
    expect(execFileSync('sh', ['-c', command], { encoding: 'utf8' })).toBe(`${awkward} hook\n`);
  });

  it("does not take the user's commands for its own", () => {
    expect(isOwnCommand('npx @ccr/remote-hook completed')).toBe(false);
    expect(isOwnCommand('notify-send "# @ccr/remote-hook is great" done')).toBe(false);
    expect(isOwnCommand(undefined)).toBe(false);
    expect(scriptPathOf('npx @ccr/remote-hook completed')).toBeNull();
  });
});
