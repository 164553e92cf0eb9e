import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorErrorCode } from './executor.error';
import { LocalCommandRunner } from './local-command.runner';

describe('LocalCommandRunner', () => {
  const runner = new LocalCommandRunner('local');
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-local-runner-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes arguments without a shell and returns output and exit code', async () => {
    const canary = join(dir, 'canary');
    const result = await runner.run(['printf', '%s|', `$(touch ${canary})`, '; true', "'"], {
      label: 'printf',
      timeoutMs: 5000,
    });
    expect(result).toEqual({ code: 0, stdout: `$(touch ${canary})|; true|'|`, stderr: '' });
  });

  it('writes stdin and closes it', async () => {
    const text = 'line 1\nline 2 🚀\n';
    const result = await runner.run(['cat'], { label: 'cat', stdin: text, timeoutMs: 5000 });
    expect(result.stdout).toBe(text);
  });

  it('returns a non-zero exit with stderr', async () => {
    const result = await runner.run(['sh', '-c', 'echo oops >&2; exit 3'], {
      label: 'sh',
      timeoutMs: 5000,
    });
    expect(result).toEqual({ code: 3, stdout: '', stderr: 'oops\n' });
  });

  it('calls a missing program TmuxMissing', async () => {
    await expect(
      runner.run([join(dir, 'no-such-tmux'), '-V'], { label: 'tmux -V', timeoutMs: 5000 }),
    ).rejects.toMatchObject({ code: ExecutorErrorCode.TmuxMissing, serverId: 'local' });
  });

  it('kills a program that takes too long', async () => {
    const slow = join(dir, 'slow.sh');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    await expect(
      runner.run([slow], { label: 'tmux send-keys', timeoutMs: 200 }),
    ).rejects.toMatchObject({
      code: ExecutorErrorCode.CommandTimeout,
      message: expect.stringContaining('tmux send-keys did not finish within 200 ms'),
    });
  });

  it('survives a program that exits without reading a large stdin', async () => {
    const result = await runner.run(['true'], {
      label: 'true',
      stdin: 'x'.repeat(1 << 20),
      timeoutMs: 5000,
    });
    expect(result.code).toBe(0);
  });
});
