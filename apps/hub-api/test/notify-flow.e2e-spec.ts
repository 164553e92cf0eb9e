import { claudeHookFixture } from '@ccr/testing';
import { dirname } from 'node:path';
import {
  CHAT_ID,
  FakeTelegramBotApi,
  SECRET,
  cliEnv,
  getJson,
  makeHubData,
  makeTempDir,
  removeDir,
  removeHubData,
  runHook,
  startHub,
  type Hub,
  type HubData,
} from './support/hub-harness';

interface SessionsBody {
  sessions: Array<{
    name: string;
    token: string;
    project: string;
    lastType: string | null;
    state: string;
    stateSince: string;
    tmux: { pane: string | null };
  }>;
}

describe('a Claude Code hook on a server reaches the Telegram chat', () => {
  let telegram: FakeTelegramBotApi;
  let hub: Hub;
  let data: HubData;
  let home: string;

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: '123456789:TEST-token_for_the_fake_api' });
    await telegram.start();
    data = await makeHubData('ccr-hub-');
    home = await makeTempDir('ccr-home-');
    hub = await startHub({ data, telegram, env: { TELEGRAM_CHAT_INTERVAL_MS: '0' } });
  });

  afterAll(async () => {
    await hub?.process.stop();
    await telegram?.stop();
    await removeHubData(data);
    await removeDir(home);
  });

  beforeEach(() => telegram.reset());

  async function hookThenMessage(fixture: string, env: NodeJS.ProcessEnv = {}) {
    const { text, path } = claudeHookFixture(fixture);
    const run = await runHook(['hook'], text, cliEnv(home, hub.url, env), dirname(path));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const [call] = await telegram.waitForCalls('sendMessage', 1);
    return { run, params: call.params as Record<string, unknown> };
  }

  it('Stop: "Task Completed" with Claude\'s last reply, escaped, and the command to answer', async () => {
    const { params } = await hookThenMessage('stop.json', {
      // Inside tmux; with no tmux server to ask for names, only the pane id is known.
      TMUX: '/tmp/ccr-e2e-no-such-tmux,1,0',
      TMUX_PANE: '%7',
    });
    expect(String(params['chat_id'])).toBe(CHAT_ID);
    expect(params['parse_mode']).toBe('HTML');
    const text = String(params['text']);
    expect(text).toContain('✅ <b>[KR4] Claude Task Completed</b>');
    expect(text).toContain('<b>Project:</b> ');
    expect(text).toMatch(/<code>kr4:\d+<\/code> · token <code>[A-Z0-9]{8}<\/code>/);
    expect(text).toContain("I've created test.txt");
    expect(text).toContain('&quot;hello world&quot;');
    expect(text).toMatch(/<code>\/cmd kr4:\d+ &lt;your command&gt;<\/code>/);

    const { body } = await getJson<SessionsBody>(`${hub.url}/sessions`);
    const session = body.sessions.find((s) => text.includes(`<code>${s.name}</code>`));
    expect(session).toBeDefined();
    expect(text).toContain(`<code>${session!.token}</code>`);
    expect(session!.tmux.pane).toBe('%7');
    expect(session!.lastType).toBe('completed');
  });

  it('Stop with a reply too long for one message: its first part, then the whole of it as a .md document under it', async () => {
    const { text: fixture, path } = claudeHookFixture('stop.json');
    const paragraph = 'Changed `src/routes.ts` so that <health> & "ready" answer 200.\n';
    const reply = `# What I did\n\n${paragraph.repeat(150)}\nAll done, end of reply.`;
    const input = { ...JSON.parse(fixture), last_assistant_message: reply };
    const run = await runHook(
      ['hook'],
      JSON.stringify(input),
      cliEnv(home, hub.url),
      dirname(path),
    );
    expect(run.code).toBe(0);

    const [message] = await telegram.waitForSentMessages(1);
    expect(message!.text.length).toBeLessThanOrEqual(4096);
    expect(message!.text).toContain('# What I did');
    expect(message!.text).not.toContain('end of reply');
    const sentId = (telegram.calls('sendMessage')[0]!.result as { message_id: number }).message_id;
    const name = /<code>(kr4:\d+)<\/code>/.exec(message!.text)?.[1];

    const document = await telegram.waitForSentFile(() => true);
    expect(document).toEqual(
      expect.objectContaining({
        method: 'sendDocument',
        chatId: Number(CHAT_ID),
        fileName: `claude-reply-${name!.replace(':', '-')}.md`,
        contentType: 'text/markdown',
        caption: `📄 Claude's whole reply · ${name} · webapp`,
        replyToMessageId: sentId,
      }),
    );
    expect(document.content.toString('utf8')).toBe(`${reply}\n`);
    // Its message made the sound: the document follows without one.
    expect(telegram.calls('sendDocument')[0]?.params['disable_notification']).toBe(true);
  });

  it('Stop with a reply that fits: one message, no document', async () => {
    await hookThenMessage('stop.json');
    // The sender finishes a message's delivery, document included, before the next message.
    const idle = claudeHookFixture('notification-idle.json');
    await runHook(['hook'], idle.text, cliEnv(home, hub.url), dirname(idle.path));
    await telegram.waitForSentMessages(2);
    expect(telegram.calls('sendDocument')).toEqual([]);
  });

  it('Stop from an older Claude Code: the reply is read from the transcript', async () => {
    const { params } = await hookThenMessage('stop-no-last-message.json');
    const text = String(params['text']);
    expect(text).toContain('Added `GET /health` in src/routes.ts');
    expect(text).toContain('Run `npm test` to check it &lt;3 &amp; enjoy.');
    expect(text).not.toContain('(subagent)');
  });

  it('Notification idle_prompt: "Waiting for Input"', async () => {
    const text = String((await hookThenMessage('notification-idle.json')).params['text']);
    expect(text).toContain('⏳ <b>[KR4] Claude Is Waiting for Input</b>');
    expect(text).toContain('Claude is waiting for your input');
  });

  it('Notification permission_prompt: "Needs Permission" with what it asks', async () => {
    const text = String((await hookThenMessage('notification-permission.json')).params['text']);
    expect(text).toContain('🔐 <b>[KR4] Claude Needs Permission</b>');
    expect(text).toContain('Claude needs your permission to use Bash');
  });

  it('StopFailure: "Task Failed" with the error', async () => {
    const text = String((await hookThenMessage('stop-failure.json')).params['text']);
    expect(text).toContain('❌ <b>[KR4] Claude Task Failed</b>');
    expect(text).toContain('rate_limit');
    expect(text).toContain('429 Too Many Requests');
  });

  it('one Claude session keeps one public name across its events', async () => {
    const first = String((await hookThenMessage('stop.json')).params['text']);
    telegram.reset();
    const second = String((await hookThenMessage('notification-idle.json')).params['text']);
    const name = (text: string) => /<code>(kr4:\d+)<\/code>/.exec(text)?.[1];
    expect(name(first)).toBeDefined();
    expect(name(second)).toBe(name(first));
  });

  it('subagent-stop.json is not worth a message: nothing is sent or stored', async () => {
    const notMarker = (s: { name: string }) => !s.name.startsWith('marker:');
    const before = (await getJson<SessionsBody>(`${hub.url}/sessions`)).body.sessions.filter(
      notMarker,
    );
    const { text, path } = claudeHookFixture('subagent-stop.json');
    const run = await runHook(['hook'], text, cliEnv(home, hub.url), dirname(path));
    expect(run.code).toBe(0);
    // A notification sent after it arrives first: the ignored event sent nothing before it.
    await runHook(['completed'], undefined, cliEnv(home, hub.url, { SERVER_ID: 'marker' }));
    const [call] = await telegram.waitForCalls('sendMessage', 1);
    expect(String(call.params['text'])).toContain('[MARKER]');
    expect(telegram.calls('sendMessage')).toHaveLength(1);
    const after = (await getJson<SessionsBody>(`${hub.url}/sessions`)).body.sessions;
    expect(after.filter(notMarker)).toEqual(before);
  });

  it('session events: known from SessionStart, working at a prompt, idle at Stop, ended at SessionEnd; no message', async () => {
    const claudeSessionId = 'c0ffee00-0000-4000-8000-000000000001';
    const promptId = 'c0ffee00-0000-4000-8000-0000000000aa';
    const send = async (fixture: string, fields: Record<string, unknown> = {}) => {
      const { path, text } = claudeHookFixture(fixture);
      const input = { ...JSON.parse(text), session_id: claudeSessionId, ...fields };
      const run = await runHook(
        ['hook'],
        JSON.stringify(input),
        cliEnv(home, hub.url, { TMUX: '/tmp/ccr-e2e-no-such-tmux,1,0', TMUX_PANE: '%41' }),
        dirname(path),
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      const { body } = await getJson<SessionsBody>(`${hub.url}/sessions`);
      const session = body.sessions.find((s) => s.tmux.pane === '%41');
      if (!session) throw new Error(`no session in pane %41 after ${fixture}`);
      return session;
    };

    const started = await send('session-start.json');
    expect(started).toMatchObject({ state: 'idle', lastType: null });
    const working = await send('user-prompt-submit.json', { prompt_id: promptId });
    expect(working).toMatchObject({ name: started.name, state: 'working' });
    expect(Date.parse(working.stateSince)).toBeGreaterThanOrEqual(Date.parse(started.stateSince));
    // None of them was worth a message.
    expect(telegram.calls('sendMessage')).toEqual([]);

    await send('stop.json', { prompt_id: promptId });
    const [call] = await telegram.waitForCalls('sendMessage', 1);
    expect(String(call.params['text'])).toContain(`<code>${started.name}</code>`);
    // The turn's prompt, arriving late, leaves the session idle.
    expect(await send('user-prompt-submit.json', { prompt_id: promptId })).toMatchObject({
      state: 'idle',
      lastType: 'completed',
    });
    expect(await send('session-end.json')).toMatchObject({ name: started.name, state: 'ended' });
    expect(telegram.calls('sendMessage')).toHaveLength(1);
  });

  it.each([
    [
      'a notification without a type',
      { serverId: 'kr4', project: 'p', event: 'Stop' },
      'type: must be one of completed, waiting, permission, failed (or leave it out for a session event: SessionStart, UserPromptSubmit, SessionEnd)',
    ],
    [
      'a session event with a type',
      { serverId: 'kr4', project: 'p', event: 'SessionStart', type: 'completed' },
      'type: must be absent for a SessionStart event, which is worth no message',
    ],
    [
      'a prompt id that is not an id',
      { serverId: 'kr4', project: 'p', event: 'UserPromptSubmit', promptId: 'a b' },
      'promptId: must be 1–128 letters, digits, ".", "_", ":" or "-"',
    ],
  ])('refuses %s with 400, storing nothing', async (_case, body, message) => {
    const before = (await getJson<SessionsBody>(`${hub.url}/sessions`)).body.sessions;
    const response = await fetch(`${hub.url}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(message);
    expect((await getJson<SessionsBody>(`${hub.url}/sessions`)).body.sessions).toEqual(before);
  });

  it('the original curl shape with X-Shared-Secret still works', async () => {
    const response = await fetch(`${hub.url}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
      body: JSON.stringify({ serverId: 'kr4', type: 'completed', project: 'test', metadata: {} }),
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as {
      session: string;
      token: string;
      stored: boolean;
    };
    expect(accepted).toEqual({
      session: expect.stringMatching(/^kr4:\d+$/),
      token: expect.stringMatching(/^[A-Z0-9]{8}$/),
      stored: true,
    });
    const [call] = await telegram.waitForCalls('sendMessage', 1);
    const text = String(call.params['text']);
    expect(text).toContain('✅ <b>[KR4] Claude Task Completed</b>');
    expect(text).toContain('<b>Project:</b> test');
    expect(text).toContain(`<code>/cmd ${accepted.session} &lt;your command&gt;</code>`);
  });
});
