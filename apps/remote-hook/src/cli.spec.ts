import { makeTempDir, removeTempDir } from '../test/support/temp-dir';
import { isolatedEnv, testContext, type TestContext } from '../test/support/test-context';
import { execute } from './cli';
import { COMMANDS } from './commands/command-registry.constant';
import { ExitCode } from './exit-code.constant';
import { VERSION } from './version.constant';

describe('execute', () => {
  let root: string;
  let ctx: TestContext;
  beforeEach(async () => {
    root = await makeTempDir('cli');
    ctx = testContext({ env: isolatedEnv(root), cwd: root });
  });
  afterEach(() => removeTempDir(root));

  it('prints the overview for --help, -h and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const output = testContext({ env: ctx.env, cwd: root });
      await expect(execute(argv, output)).resolves.toBe(ExitCode.Ok);
      expect(output.stdout.join('\n')).toMatch(
        /^remote-hook \d+\.\d+\.\d+: tells a Claude Code Remote hub/,
      );
      for (const command of COMMANDS)
        expect(output.stdout.join('\n')).toContain(`  ${command.name} `);
    }
  });

  it('prints the version', async () => {
    await expect(execute(['--version'], ctx)).resolves.toBe(ExitCode.Ok);
    expect(ctx.stdout).toEqual([VERSION]);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(COMMANDS.map((command) => command.name))(
    'has help for %s, which names every option',
    async (name) => {
      const command = COMMANDS.find((c) => c.name === name)!;
      const viaHelp = testContext({ env: ctx.env, cwd: root });
      const viaFlag = testContext({ env: ctx.env, cwd: root });
      await expect(execute(['help', name], viaHelp)).resolves.toBe(ExitCode.Ok);
      await expect(execute([name, '--help'], viaFlag)).resolves.toBe(ExitCode.Ok);
      expect(viaFlag.stdout).toEqual(viaHelp.stdout);
      const text = viaHelp.stdout.join('\n');
      expect(text).toMatch(new RegExp(`^Usage: remote-hook ${name}\\b`));
      for (const option of Object.keys(command.options ?? {})) {
        expect(command.usage).toContain(`--${option}`);
        expect(command.help).toContain(`--${option}`);
      }
    },
  );

  it('exits 2 for an unknown command or option, saying where to look', async () => {
    await expect(execute(['frobnicate'], ctx)).resolves.toBe(ExitCode.Usage);
    await expect(execute([], ctx)).resolves.toBe(ExitCode.Usage);
    await expect(execute(['install', '--serverid', 'kr4'], ctx)).resolves.toBe(ExitCode.Usage);
    await expect(execute(['help', 'frobnicate'], ctx)).resolves.toBe(ExitCode.Usage);
    expect(ctx.stderr).toEqual([
      'remote-hook: unknown command "frobnicate"',
      'Run "remote-hook --help" for usage.',
      'remote-hook: no command given',
      'Run "remote-hook --help" for usage.',
      "remote-hook: install: Unknown option '--serverid'",
      'Run "remote-hook help install" for usage.',
      'remote-hook: no help for "frobnicate": no such command',
      'Run "remote-hook --help" for usage.',
    ]);
    expect(ctx.stdout).toEqual([]);
  });

  it('never exits 2 from a hook command, which Claude Code would read as "keep going"', async () => {
    await expect(execute(['completed', '--bogus'], ctx)).resolves.toBe(ExitCode.Failure);
    await expect(execute(['permission-request', '--bogus'], ctx)).resolves.toBe(ExitCode.Failure);
    await expect(execute(['hook'], ctx)).resolves.toBe(ExitCode.Failure);
    await expect(execute(['permission-request'], ctx)).resolves.toBe(ExitCode.Failure);
    expect(ctx.stdout).toEqual([]);
  });

  it('exits 1 with the reason for a failure it knows', async () => {
    await expect(execute(['flush'], ctx)).resolves.toBe(ExitCode.Failure);
    expect(ctx.stderr[0]).toMatch(/^remote-hook: cannot flush: no server id/);
  });
});
