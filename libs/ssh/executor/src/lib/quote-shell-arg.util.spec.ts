import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ExecutorError, ExecutorErrorCode } from './executor.error';
import { quoteShellArg, toShellCommand } from './quote-shell-arg.util';

/** What the quoting must survive: shell syntax of every kind, and text that only looks like it. */
const CORPUS = [
  '',
  ' ',
  'plain',
  "'",
  "''",
  "it's",
  "'\\''",
  '"double" "quotes"',
  '$(touch /tmp/should-not-exist)',
  '`touch /tmp/should-not-exist`',
  '$HOME ${PATH} $0 $$ $? $# $@ $*',
  '; echo injected',
  '&& echo injected',
  '|| echo injected',
  '| cat /etc/passwd',
  '> /tmp/should-not-exist',
  '< /etc/passwd',
  '& background',
  'line one\nline two\n',
  '\n',
  'trailing backslash \\',
  '\\n \\t \\\\ \\$',
  '-n',
  '-e \\x41',
  '--help',
  '-',
  '!! !$ !-1 ^a^b',
  '~ ~root */* ?',
  '# not a comment',
  '{a,b} [ab] (sub) {{}}',
  'tab\there',
  'emoji 🚀 👍🏽 👨‍👩‍👧 ünïcödé 漢字 עברית',
  'C-c Escape Enter',
  "'\"'\"'",
];

function shells(): string[] {
  return ['/bin/sh', '/bin/bash', '/bin/dash', '/usr/bin/zsh'].filter((shell) => existsSync(shell));
}

function evaluate(shell: string, commandLine: string): Buffer {
  return execFileSync(shell, ['-c', commandLine]);
}

describe('quoteShellArg', () => {
  it('wraps every value in single quotes', () => {
    expect(quoteShellArg('abc')).toBe("'abc'");
    expect(quoteShellArg('')).toBe("''");
  });

  it("turns each ' into '\\''", () => {
    expect(quoteShellArg("it's")).toBe("'it'\\''s'");
    expect(quoteShellArg("''")).toBe("''\\'''\\'''");
  });

  it('leaves everything else as it is, newlines included', () => {
    expect(quoteShellArg('a\nb $x `y` ;|&')).toBe("'a\nb $x `y` ;|&'");
  });

  it('refuses NUL, which no command line can carry', () => {
    expect(() => quoteShellArg('a\0b')).toThrow(ExecutorError);
    expect(() => quoteShellArg('\0')).toThrow(
      expect.objectContaining({ code: ExecutorErrorCode.InvalidArgument }),
    );
  });

  it('finds at least one POSIX shell to check against', () => {
    expect(shells()).toContain('/bin/sh');
  });

  describe.each(shells())('read back by %s', (shell) => {
    it.each(CORPUS.map((value) => [JSON.stringify(value), value]))(
      'gives back %s byte for byte',
      (_name, value) => {
        const output = evaluate(shell, `printf '%s' ${quoteShellArg(value)}`);
        expect(output.toString('utf8')).toBe(value);
      },
    );

    it('keeps the whole corpus apart as separate arguments', () => {
      const output = evaluate(shell, `printf '%s\\0' ${CORPUS.map(quoteShellArg).join(' ')}`);
      expect(output.toString('utf8').split('\0').slice(0, -1)).toEqual(CORPUS);
    });

    it('gives back every byte from 1 to 255 of a Latin-1 string', () => {
      const everything = String.fromCharCode(...Array.from({ length: 255 }, (_, i) => i + 1));
      const output = evaluate(shell, `printf '%s' ${quoteShellArg(everything)}`);
      expect(output.toString('utf8')).toBe(everything);
    });
  });
});

describe('toShellCommand', () => {
  it('quotes the program and every argument', () => {
    expect(toShellCommand(['tmux', '-S', '/tmp/a b', 'send-keys', '-l', '--', "it's"])).toBe(
      "'tmux' '-S' '/tmp/a b' 'send-keys' '-l' '--' 'it'\\''s'",
    );
  });

  it('runs the program with exactly those arguments', () => {
    const output = evaluate('/bin/sh', toShellCommand(['printf', '[%s]', 'a b', '$(id)', "'", '']));
    expect(output.toString('utf8')).toBe("[a b][$(id)]['][]");
  });
});
