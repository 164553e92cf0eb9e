import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLAUDE_CODE_VERSION,
  FakeAnthropicApi,
  assertUserCanUse,
  createTestUser,
  isPermissionDialog,
  makeTempDir,
  removeDir,
  startClaudeCode,
  startTmuxServer,
  type ClaudeCodePane,
  type TestTmuxServer,
  type TestUser,
} from '../src';

/**
 * The contract between the pinned Claude Code and the fake model server: what Claude Code
 * sends (where the person's words are, how a paste arrives, a tool's result, Escape) and what
 * it does with each kind of answer. A newer Claude Code that changes any of it fails here first.
 */
describe(`the real Claude Code ${CLAUDE_CODE_VERSION} against the fake model server`, () => {
  const api = new FakeAnthropicApi();
  let tmux: TestTmuxServer;
  let claude: ClaudeCodePane;

  /** Pastes as hub-bot does for text with line breaks: a bracketed paste, then Enter. */
  async function paste(text: string): Promise<void> {
    execFileSync('tmux', ['-S', tmux.socketPath, 'load-buffer', '-b', 'paste', '-'], {
      input: text,
    });
    execFileSync('tmux', [
      '-S',
      tmux.socketPath,
      'paste-buffer',
      '-p',
      '-d',
      '-b',
      'paste',
      '-t',
      claude.paneId,
    ]);
    await claude.waitForScreen(/\[Pasted text #\d+/, { what: 'the paste in the prompt box' });
    await claude.press('Enter');
  }

  beforeAll(async () => {
    await api.start();
    tmux = await startTmuxServer();
    claude = await startClaudeCode(tmux, { apiBaseUrl: api.baseUrl });
  }, 60_000);

  afterAll(async () => {
    await claude?.stop();
    await tmux?.dispose();
    await api.stop();
  });

  afterEach(async () => {
    api.resetAnswers();
    await claude.waitForIdle();
  });

  it('starts offline at its prompt box, in default permission mode, and asks nothing first', async () => {
    const screen = await claude.screen();
    expect(screen).toContain(`Claude Code v${CLAUDE_CODE_VERSION}`);
    expect(screen).toContain('manual mode on');
    expect(screen).not.toMatch(/trust|API key|theme/i);
    expect(api.allRequests()).toEqual([]);
  });

  it('streams a prompt to POST /v1/messages?beta=true and shows the answer', async () => {
    const since = api.requests().length;
    await claude.type('hello there');
    const request = await api.waitForRequest('hello there', { since });
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages', query: 'beta=true' });
    expect(request.body.stream).toBe(true);
    expect(request.headers['user-agent']).toContain(`claude-cli/${CLAUDE_CODE_VERSION}`);
    expect(request.headers['x-api-key']).toMatch(/^sk-ant-/);
    // The words are the newest user message's own text blocks; Claude Code adds reminders.
    expect(request.words).toEqual(['hello there']);
    const user = request.body.messages.filter((m) => m.role === 'user').at(-1);
    expect(JSON.stringify(user)).toContain('<system-reminder>');
    await claude.waitForScreen('You said: hello there');
    expect(api.allRequests().every((r) => r.endpoint !== 'other')).toBe(true);
  });

  it('sends a many-line paste as one prompt, wrapped in <pasted_content>, exactly as pasted', async () => {
    const text = 'first line\n  second, indented\n\nfourth after a blank\n$(not run) `nor this`';
    const since = api.requests().length;
    await paste(text);
    const request = await api.waitForRequest(text, { since });
    expect(request.words).toHaveLength(1);
    expect(request.words[0]).toMatch(/^\n*<pasted_content id="[^"]+">\n/);
    expect(api.promptsSince(since)).toEqual([text]);
  });

  it('runs a tool call after Yes in its permission dialog and sends the result back', async () => {
    const file = join(claude.cwd, 'made-by-the-tool');
    api.answer('make the file', {
      kind: 'tool_use',
      name: 'Bash',
      input: { command: `touch ${file}`, description: 'Make the file' },
    });
    const since = api.requests().length;
    await claude.type('make the file');
    const call = await api.waitForRequest('make the file', { since });
    await claude.waitForScreen(isPermissionDialog, { what: 'the permission dialog' });
    expect(existsSync(file)).toBe(false);
    await claude.answerDialog('Enter');
    const { request, result } = await api.waitForToolResult(call);
    expect(request.prompt).toBe('');
    expect(result).toMatchObject({ tool_use_id: call.toolUseId, is_error: false });
    expect(existsSync(file)).toBe(true);
    await claude.waitForScreen('The tool said');
  });

  it('closes a streaming answer when Escape is pressed', async () => {
    api.answer('take your time', { kind: 'slow', chunk: 'more and ', intervalMs: 50 });
    const since = api.requests().length;
    await claude.type('take your time');
    const request = await api.waitForRequest('take your time', { since });
    await claude.waitForScreen(/more and more and/, { what: 'the slow answer streaming' });
    expect(request.state).toBe('answering');
    await claude.press('Escape');
    expect(await api.waitForAnswerEnd(request)).toBe('closed-early');
    await claude.waitForScreen('Interrupted');
    await claude.waitForIdle();

    // The next prompt carries Claude Code's note of the interruption, which is not the person's.
    const next = api.requests().length;
    await claude.type('after the interruption');
    expect((await api.waitForRequest('after the interruption', { since: next })).words).toEqual([
      'after the interruption',
    ]);
  });

  it('shows an API error, sends the failed prompt again with the next one, and /clear starts afresh', async () => {
    api.answer('fail now', { kind: 'error', status: 400, message: 'the fake refuses this' });
    await claude.type('fail now');
    await claude.waitForScreen('API Error: 400 the fake refuses this');
    api.resetAnswers();
    await claude.waitForIdle();

    let since = api.requests().length;
    await claude.type('and now?');
    expect((await api.waitForRequest(/and now\?/, { since })).words).toEqual([
      'fail now\n',
      'and now?',
    ]);
    await claude.waitForIdle();

    await claude.type('/clear');
    await claude.waitForIdle();
    since = api.requests().length;
    await claude.type('a new conversation');
    const fresh = await api.waitForRequest('a new conversation', { since });
    expect(fresh.body.messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  describe('as a test user, in that user’s tmux server', () => {
    let user: TestUser;
    let userTmux: TestTmuxServer;
    let userClaude: ClaudeCodePane;

    beforeAll(async () => {
      user = await createTestUser();
      userTmux = await startTmuxServer({ user });
      userClaude = await startClaudeCode(userTmux, { apiBaseUrl: api.baseUrl, project: 'webapp' });
    }, 60_000);

    afterAll(async () => {
      await userClaude?.stop();
      await userTmux?.dispose();
      await user?.remove();
    });

    it('names the folder that keeps the test user from a file it must run', async () => {
      // mkdtemp makes it 0700: root's alone, as a home folder often is.
      const closed = await makeTempDir('ccr-closed');
      mkdirSync(join(closed, 'inner'));
      writeFileSync(join(closed, 'inner', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
      try {
        await expect(
          assertUserCanUse(user.name, join(closed, 'inner', 'tool'), 'x'),
        ).rejects.toThrow(
          `it may not enter ${closed} (give others search permission: chmod o+x ${closed})`,
        );
        chmodSync(closed, 0o755);
        await expect(
          assertUserCanUse(user.name, join(closed, 'inner', 'tool'), 'x'),
        ).resolves.toBeUndefined();
      } finally {
        await removeDir(closed);
      }
    });

    it('runs as that user in a HOME of its own, and answers', async () => {
      const owner = Number(
        readFileSync(`/proc/${userClaude.pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1],
      );
      expect(owner).toBe(user.uid);
      expect(statSync(join(userClaude.home, '.claude.json')).uid).toBe(user.uid);
      expect(userClaude.cwd.endsWith('/projects/webapp')).toBe(true);
      const since = api.requests().length;
      await userClaude.type('hello from the test user');
      await api.waitForRequest('hello from the test user', { since });
      await userClaude.waitForScreen('You said: hello from the test user');
    });
  });
});
