import {
  CLAUDE_CODE_VERSION,
  FakeAnthropicApi,
  isAlive,
  isPermissionDialog,
  makeTempDir,
  promptBoxOf,
  removeDir,
  startClaudeCode,
  startTmuxServer,
  toolResultText,
  waitFor,
  type ClaudeCodePane,
  type TestTmuxServer,
} from '@ccr/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt } from './support/run-cli';
import { startStandInHub, type StandInHub } from './support/stand-in-hub';

const SECRET = 'e2e-claude-code-secret';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What the pinned Claude Code hands its hooks, and what remote-hook makes of it. Claude Code
 * runs with the hooks `remote-hook install` writes, next to a hook of the person's own that
 * records each payload as Claude Code wrote it; both report to a stand-in hub. The fields
 * checked on the raw payloads are the ones remote-hook reads (parse-hook-input.util.ts): a
 * newer Claude Code that renames or drops one fails here, by name.
 */
describe(`remote-hook inside the real Claude Code ${CLAUDE_CODE_VERSION}`, () => {
  const api = new FakeAnthropicApi();
  let hub: StandInHub;
  let tmux: TestTmuxServer;
  let claude: ClaudeCodePane;
  let dir: string;
  let recordPath: string;

  /** The payloads the recording hook saw, oldest first. */
  function recorded(event?: string): Array<Record<string, unknown>> {
    if (!existsSync(recordPath)) return [];
    return readFileSync(recordPath, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((payload) => event === undefined || payload['hook_event_name'] === event);
  }

  function waitForRecorded(event: string, count: number): Promise<Array<Record<string, unknown>>> {
    return waitFor(() => recorded(event).length >= count && recorded(event), {
      timeoutMs: 20_000,
      what: `${count} ${event} payload(s) recorded`,
    });
  }

  beforeAll(async () => {
    assertBuilt();
    await api.start();
    hub = await startStandInHub({ secret: SECRET });
    dir = await makeTempDir('e2e-claude-code');
    recordPath = join(dir, 'payloads.jsonl');
    const record = { type: 'command', command: `cat >> '${recordPath}'; echo >> '${recordPath}'` };
    tmux = await startTmuxServer();
    claude = await startClaudeCode(tmux, {
      apiBaseUrl: api.baseUrl,
      project: 'webapp',
      settings: {
        hooks: Object.fromEntries(
          [
            'Stop',
            'StopFailure',
            'Notification',
            'PermissionRequest',
            'SessionStart',
            'UserPromptSubmit',
            'SessionEnd',
          ].map((event) => [event, [{ hooks: [record] }]]),
        ),
      },
      hooks: {
        serverId: 'kr4',
        endpoint: hub.notifyUrl,
        secret: SECRET,
        permissionTimeoutSeconds: 30,
      },
    });
  }, 60_000);

  afterAll(async () => {
    await claude?.stop();
    await tmux?.dispose();
    await hub?.close();
    await api.stop();
    if (dir) await removeDir(dir);
  });

  afterEach(async () => {
    api.resetAnswers();
    // The SessionEnd test ends Claude with /exit; the plan-mode tests have a Claude of their own.
    if (isAlive(claude.pid)) await claude.waitForIdle();
  });

  it('SessionStart: the hub hears the session start, with its pane, and no type', async () => {
    const [start] = await waitForRecorded('SessionStart', 1);
    expect(start).toMatchObject({
      hook_event_name: 'SessionStart',
      session_id: expect.stringMatching(UUID),
      cwd: claude.cwd,
      source: 'startup',
    });
    const event = await waitFor(() => hub.accepted.find((p) => p.event === 'SessionStart'), {
      what: 'the SessionStart event at the hub',
    });
    expect(event).toMatchObject({
      serverId: 'kr4',
      project: 'webapp',
      claudeSessionId: start?.['session_id'],
      metadata: { source: 'startup' },
      tmux: { session: claude.session, window: '0', pane: claude.paneId },
    });
    expect(event).not.toHaveProperty('type');
  });

  it('Stop: the payload carries the reply, and the hub hears it with the tmux pane', async () => {
    await claude.type('hello there');
    const [stop] = await waitForRecorded('Stop', 1);
    expect(stop).toMatchObject({
      hook_event_name: 'Stop',
      session_id: expect.stringMatching(UUID),
      transcript_path: expect.stringContaining('.jsonl'),
      cwd: claude.cwd,
      last_assistant_message: 'You said: hello there',
    });
    const notified = await waitFor(() => hub.accepted.find((p) => p.event === 'Stop'), {
      what: 'the Stop notification at the hub',
    });
    expect(notified).toMatchObject({
      serverId: 'kr4',
      type: 'completed',
      project: 'webapp',
      cwd: claude.cwd,
      claudeSessionId: stop?.['session_id'],
      message: 'You said: hello there',
      tmux: { session: claude.session, window: '0', pane: claude.paneId },
    });
  });

  it("UserPromptSubmit and the turn's Stop carry the same prompt id, which the hub gets", async () => {
    const prompts = recorded('UserPromptSubmit').length;
    const stops = recorded('Stop').length;
    await claude.type('one turn, one prompt id');
    const [submitted] = (await waitForRecorded('UserPromptSubmit', prompts + 1)).slice(prompts);
    const [stop] = (await waitForRecorded('Stop', stops + 1)).slice(stops);
    expect(submitted).toMatchObject({
      hook_event_name: 'UserPromptSubmit',
      prompt: 'one turn, one prompt id',
      prompt_id: expect.stringMatching(UUID),
    });
    expect(stop?.['prompt_id']).toBe(submitted?.['prompt_id']);
    const promptId = submitted?.['prompt_id'];
    const atHub = await waitFor(
      () => {
        const events = hub.accepted.filter((p) => p.promptId === promptId);
        return events.length >= 2 && events;
      },
      { what: "the turn's two events at the hub" },
    );
    expect(atHub.map((p) => [p.event, p.type]).sort()).toEqual([
      ['Stop', 'completed'],
      ['UserPromptSubmit', undefined],
    ]);
    // The prompt itself stays on the server.
    const body = hub.requests.find((r) => r.body.includes('"UserPromptSubmit"'))?.body ?? '';
    expect(body).not.toContain('one turn, one prompt id');
  });

  it.each([
    { decision: 'allow', runs: true },
    { decision: 'allow-session', runs: true },
    { decision: 'deny', runs: false },
  ] as const)(
    'PermissionRequest, answered $decision from the hub: the tool runs only when allowed',
    async ({ decision, runs }) => {
      const file = join(claude.cwd, `made-after-${decision}`);
      const prompt = `make the file after ${decision}`;
      api.answer(prompt, {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: `touch ${file}`, description: 'Make the file' },
      });
      hub.waitSteps = [{ status: decision, decidedBy: '@ana' }];
      const asked = hub.permissionRequests.length;
      const payloads = recorded('PermissionRequest').length;
      const since = api.requests().length;
      await claude.type(prompt);

      const [payload] = (await waitForRecorded('PermissionRequest', payloads + 1)).slice(payloads);
      expect(payload).toMatchObject({
        hook_event_name: 'PermissionRequest',
        session_id: expect.stringMatching(UUID),
        cwd: claude.cwd,
        permission_mode: 'default',
        tool_name: 'Bash',
        tool_input: { command: `touch ${file}`, description: 'Make the file' },
        permission_suggestions: expect.arrayContaining([
          expect.objectContaining({ type: expect.any(String), destination: expect.any(String) }),
        ]),
      });
      const request = await waitFor(() => hub.permissionRequests[asked], {
        what: 'the permission request at the hub',
      });
      expect(request).toMatchObject({
        toolName: 'Bash',
        toolInput: { command: `touch ${file}` },
        permissionSuggestions: payload?.['permission_suggestions'],
        timeoutSeconds: 30,
        tmux: { pane: claude.paneId },
      });

      const call = await api.waitForRequest(prompt, { since });
      const { result } = await api.waitForToolResult(call);
      expect(result.is_error).toBe(!runs);
      expect(existsSync(file)).toBe(runs);
      if (!runs) expect(toolResultText(result)).toContain('Denied from Telegram by @ana');
    },
  );

  it('Notification: the terminal dialog is announced as permission_prompt', async () => {
    const file = join(claude.cwd, 'made-at-the-terminal');
    api.answer('make the file at the terminal', {
      kind: 'tool_use',
      name: 'Bash',
      input: { command: `touch ${file}`, description: 'Make the file' },
    });
    // Nobody answers at the hub: the hook keeps waiting while the terminal dialog shows.
    hub.waitSteps = [{ hold: true }];
    const notifications = recorded('Notification').length;
    await claude.type('make the file at the terminal');
    await claude.waitForScreen(isPermissionDialog, { what: 'the permission dialog' });
    const [notification] = (await waitForRecorded('Notification', notifications + 1)).slice(
      notifications,
    );
    expect(notification).toMatchObject({
      hook_event_name: 'Notification',
      notification_type: 'permission_prompt',
      message: expect.any(String),
    });
    await waitFor(() => hub.accepted.find((p) => p.type === 'permission'), {
      what: 'the permission notification at the hub',
    });
    await claude.answerDialog('Enter');
    await waitFor(() => existsSync(file), { what: 'the file the tool makes' });
  });

  it('AskUserQuestion: the questions arrive as a PermissionRequest, and the answers from the hub reach the model', async () => {
    const questions = [
      {
        question: 'Which colour should the button be?',
        header: 'Colour',
        options: [
          { label: 'Red', description: 'the warm one' },
          { label: 'Blue', description: 'the cool one' },
        ],
        multiSelect: false,
      },
      {
        question: 'Which borders?',
        header: 'Borders',
        options: [
          { label: 'Top', description: '' },
          { label: 'Bottom', description: '' },
        ],
        multiSelect: true,
      },
    ];
    const prompt = 'ask me about the button';
    api.answer(prompt, { kind: 'tool_use', name: 'AskUserQuestion', input: { questions } });
    hub.waitSteps = [
      {
        status: 'allow',
        decidedBy: '@ana',
        answers: [{ options: [1] }, { options: [0, 1], other: 'a shadow' }],
      },
    ];
    const payloads = recorded('PermissionRequest').length;
    const since = api.requests().length;
    await claude.type(prompt);

    const [payload] = (await waitForRecorded('PermissionRequest', payloads + 1)).slice(payloads);
    expect(payload).toMatchObject({
      hook_event_name: 'PermissionRequest',
      tool_name: 'AskUserQuestion',
      tool_input: { questions },
    });
    const call = await api.waitForRequest(prompt, { since });
    const { result } = await api.waitForToolResult(call);
    expect(result.is_error).toBeFalsy();
    const said = toolResultText(result);
    expect(said).toContain('Which colour should the button be?');
    expect(said).toContain('Blue');
    expect(said).toContain('Top, Bottom, a shadow');
  });

  it("answered in the terminal: the waiting hook sees the call's outcome in the transcript and tells the hub", async () => {
    const file = join(claude.cwd, 'made-in-the-terminal');
    const prompt = 'make the file, answered in the terminal';
    api.answer(prompt, {
      kind: 'tool_use',
      name: 'Bash',
      input: { command: `touch ${file}`, description: 'Make the file' },
    });
    hub.waitSteps = [{ hold: true }];
    const asked = hub.permissionRequests.length;
    await claude.type(prompt);
    const request = await waitFor(() => hub.permissionRequests[asked], {
      what: 'the permission request at the hub',
    });
    await claude.waitForScreen(isPermissionDialog, { what: 'the permission dialog' });
    expect(hub.answeredReports.map((r) => r.requestId)).not.toContain(request.requestId);
    await claude.answerDialog('Enter');
    await waitFor(() => existsSync(file), { what: 'the file the tool makes' });
    const report = await waitFor(
      () => hub.answeredReports.find((r) => r.requestId === request.requestId),
      { what: 'the hook telling the hub the terminal answered' },
    );
    expect(report).toEqual({
      serverId: 'kr4',
      requestId: request.requestId,
      nonce: expect.any(String),
    });
  });

  it('StopFailure: an API error ends the turn and the hub hears "failed" with the error', async () => {
    api.answer('fail this turn', { kind: 'error', status: 400, message: 'the fake refuses' });
    await claude.type('fail this turn');
    const [failure] = await waitForRecorded('StopFailure', 1);
    expect(failure).toMatchObject({
      hook_event_name: 'StopFailure',
      session_id: expect.stringMatching(UUID),
      error: expect.any(String),
      last_assistant_message: expect.stringContaining('the fake refuses'),
    });
    const notified = await waitFor(() => hub.accepted.find((p) => p.type === 'failed'), {
      what: 'the failed notification at the hub',
    });
    expect(notified.event).toBe('StopFailure');
    expect(notified.metadata).toMatchObject({ error: failure?.['error'] });
  });

  it('SessionEnd: /exit ends Claude, and the hub hears why', async () => {
    await tmux.tmux(['send-keys', '-t', claude.paneId, '-l', '/exit']);
    await claude.waitForScreen((screen) => promptBoxOf(screen)?.input === '/exit', {
      what: '/exit in the prompt box',
    });
    await claude.press('Enter');
    const [end] = await waitForRecorded('SessionEnd', 1);
    expect(end).toMatchObject({
      hook_event_name: 'SessionEnd',
      session_id: expect.stringMatching(UUID),
      reason: 'prompt_input_exit',
    });
    const event = await waitFor(() => hub.accepted.find((p) => p.event === 'SessionEnd'), {
      what: 'the SessionEnd event at the hub',
    });
    expect(event).toMatchObject({
      claudeSessionId: end?.['session_id'],
      metadata: { reason: 'prompt_input_exit' },
    });
    expect(event).not.toHaveProperty('type');
    await waitFor(() => !isAlive(claude.pid), { what: 'Claude Code to exit' });
  });

  describe('in plan mode', () => {
    let planner: ClaudeCodePane;

    beforeAll(async () => {
      planner = await startClaudeCode(tmux, {
        apiBaseUrl: api.baseUrl,
        project: 'planner',
        permissionMode: 'plan',
        hooks: {
          serverId: 'kr4',
          endpoint: hub.notifyUrl,
          secret: SECRET,
          permissionTimeoutSeconds: 30,
        },
      });
    }, 60_000);

    afterAll(() => planner?.stop());

    afterEach(() => planner.waitForIdle());

    /** Has the model write `plan` and ask to leave plan mode; resolves the hub's request. */
    async function presentPlan(prompt: string, plan: string) {
      const rules = api.answerWithPlan(prompt, plan);
      const asked = hub.permissionRequests.length;
      await planner.type(prompt);
      const request = await waitFor(() => hub.permissionRequests[asked], {
        what: 'the ExitPlanMode request at the hub',
      });
      return { request, rules };
    }

    it('Keep planning: a deny with the feedback keeps Claude in plan mode and hands the model the feedback', async () => {
      hub.waitSteps = [{ status: 'deny', decidedBy: '@ana', feedback: 'Rename the icon too.' }];
      const plan = '# Rename the button\n\n1. Change the **label**\n';
      const { request, rules } = await presentPlan('plan the renaming', plan);
      expect(request).toMatchObject({
        toolName: 'ExitPlanMode',
        toolInput: { plan, planFilePath: expect.stringMatching(/\.claude\/plans\/.+\.md$/) },
        permissionMode: 'plan',
      });
      const [exit] = rules.exit.answered;
      const { result } = await api.waitForToolResult(exit!);
      expect(result.is_error).toBe(true);
      expect(toolResultText(result)).toContain(
        'Keep planning: the plan was sent back from Telegram by @ana, who wrote:\nRename the icon too.',
      );
      const screen = await planner.waitForIdle();
      expect(screen).toMatch(/plan mode on/);
    });

    it('Approve: an allow with the input as sent takes Claude out of plan mode', async () => {
      hub.waitSteps = [{ status: 'allow', decidedBy: '@ana' }];
      const { rules } = await presentPlan('plan it again', '# Plan\n\n1. Do it\n');
      const [exit] = rules.exit.answered;
      const { result } = await api.waitForToolResult(exit!);
      expect(result.is_error).toBeFalsy();
      expect(toolResultText(result)).toContain('User has approved your plan');
      const screen = await planner.waitForIdle();
      expect(screen).not.toMatch(/plan mode on/);
      expect(screen).toMatch(/manual mode on/);
    });
  });
});
