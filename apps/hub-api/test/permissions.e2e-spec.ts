import { signedHeaders, type PermissionRequestPayload } from '@ccr/protocol';
import { PermissionStore, openDatabase, runSql } from '@ccr/session-data-access';
import { notificationKeyboard, permissionKeyboard } from '@ccr/telegram-format';
import { claudeHookFixture, waitFor } from '@ccr/testing';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  CHAT_ID,
  FakeTelegramBotApi,
  SECRET,
  getJson,
  makeHubData,
  removeHubData,
  startHub,
  type Hub,
  type HubData,
} from './support/hub-harness';

interface Answer {
  statusCode?: number;
  message?: string;
  field?: string;
  [key: string]: unknown;
}

/** What remote-hook sends for Claude Code's PermissionRequest hook input. */
function permissionPayload(
  overrides: Partial<PermissionRequestPayload> = {},
): PermissionRequestPayload {
  const hook = claudeHookFixture('permission-request.json').json;
  const cwd = String(hook['cwd']);
  return {
    serverId: 'kr4',
    project: basename(cwd),
    requestId: randomUUID(),
    claudeSessionId: String(hook['session_id']),
    cwd,
    hostname: 'kr4.example',
    toolName: String(hook['tool_name']),
    toolInput: hook['tool_input'] as Record<string, unknown>,
    permissionSuggestions: hook['permission_suggestions'] as Array<Record<string, unknown>>,
    permissionMode: String(hook['permission_mode']),
    timeoutSeconds: 300,
    sentAt: new Date().toISOString(),
    ...overrides,
  };
}

describe('remote approvals: a PermissionRequest hook waits for a button in Telegram', () => {
  let telegram: FakeTelegramBotApi;
  let hub: Hub;
  let data: HubData;
  /** The test plays hub-bot: its own connection to the hub's database. */
  let bot: DataSource;
  let decisions: PermissionStore;

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: '123456789:TEST-token_for_the_fake_api' });
    await telegram.start();
    data = await makeHubData('ccr-hub-permissions-');
    hub = await startHub({ data, telegram, env: { TELEGRAM_CHAT_INTERVAL_MS: '0' } });
    bot = await openDatabase(data.database.location);
    decisions = new PermissionStore(bot);
  });

  afterAll(async () => {
    await hub?.process.stop();
    if (bot?.isInitialized) await bot.destroy();
    await telegram?.stop();
    await removeHubData(data);
  });

  beforeEach(() => telegram.reset());

  async function signedPost(path: string, payload: object | string, headers?: object) {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const response = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(headers ?? signedHeaders(SECRET, body)),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer };
  }

  const ask = (payload: PermissionRequestPayload) => signedPost('/permissions', payload);

  const poll = (
    payload: PermissionRequestPayload,
    waitSeconds: number,
    serverId: string = payload.serverId,
  ) =>
    signedPost('/permissions/wait', {
      serverId,
      requestId: payload.requestId,
      waitSeconds,
      nonce: randomUUID(),
    });

  async function stored(requestId: string) {
    const found = await decisions.get(requestId);
    if (!found) throw new Error(`request ${requestId} is not in the database`);
    return found;
  }

  /** How many `permission` notifications of a session are stored, and queued for Telegram. */
  async function permissionNotificationRows(sessionId: number) {
    const rows = await runSql<{ stored: number; sent: number }>(
      bot.manager,
      `SELECT CAST(count(DISTINCT n.id) AS integer) AS stored, CAST(count(o.id) AS integer) AS sent
         FROM notifications n LEFT JOIN outbox o ON o.notification_id = n.id
        WHERE n.session_id = :sessionId AND n.type = 'permission'`,
      { sessionId },
    );
    return rows;
  }

  /** The request's message in the chat, once Telegram has it. */
  async function requestMessage(requestId: string) {
    const { request } = await stored(requestId);
    const keyboard = permissionKeyboard(request.id);
    const sent = await waitFor(
      () =>
        telegram
          .calls('sendMessage')
          .find(
            (call) =>
              !call.failed &&
              JSON.stringify(call.params['reply_markup']) === JSON.stringify(keyboard),
          ),
      { timeoutMs: 10_000, what: `the message of request ${requestId}` },
    );
    const messageId = (sent.result as { message_id: number }).message_id;
    return { request, keyboard, params: sent.params, messageId };
  }

  /** The request's message once an edit has taken its buttons away. */
  function editedMessage(messageId: number) {
    return waitFor(
      () => {
        const message = telegram.message(Number(CHAT_ID), messageId);
        return message?.edit_date !== undefined && !message.reply_markup ? message : undefined;
      },
      { timeoutMs: 10_000, what: `message ${messageId} edited without buttons` },
    );
  }

  it('shows the tool and its input with Allow / Allow for session / Deny, and the wait answers the decision hub-bot records', async () => {
    const payload = permissionPayload();
    const accepted = await ask(payload);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({
      requestId: payload.requestId,
      session: 'kr4:1',
      token: expect.stringMatching(/^[A-Z0-9]{8}$/),
      expiresAt: expect.any(String),
    });

    const { request, keyboard, params } = await requestMessage(payload.requestId);
    expect(String(params['chat_id'])).toBe(CHAT_ID);
    expect(keyboard.inline_keyboard.flat()).toHaveLength(3);
    const text = String(params['text']);
    expect(text).toContain('Bash');
    expect(text).toContain('rm -rf node_modules &amp;&amp; npm install');
    expect(text).toContain('kr4:1');
    expect(text).toContain(String(accepted.body['token']));
    expect(text).toContain('webapp');

    expect(await poll(payload, 0)).toEqual({
      status: 200,
      body: { requestId: payload.requestId, status: 'pending' },
    });

    // A long poll is under way when hub-bot writes the button press into the file.
    const waiting = poll(payload, 25);
    const decided = await decisions.decide(request.id, 'allow-session', 'Ann');
    expect(decided.changed).toBe(true);
    expect(await waiting).toEqual({
      status: 200,
      body: {
        requestId: payload.requestId,
        status: 'allow-session',
        decidedBy: 'Ann',
        decidedAt: decided.request.decidedAt?.toISOString(),
      },
    });
    // Later polls answer at once; a second press changes nothing.
    expect((await decisions.decide(request.id, 'deny', 'Bob')).changed).toBe(false);
    expect((await poll(payload, 25)).body['status']).toBe('allow-session');

    // A retried POST of the same request (signed anew, as the CLI does) is stored and sent once.
    const body = JSON.stringify(payload);
    const retried = await signedPost(
      '/permissions',
      body,
      // Seconds later than the first POST: the same body and timestamp would be a replay.
      signedHeaders(SECRET, body, Date.now() + 2000),
    );
    expect(retried).toEqual({ status: 202, body: accepted.body });
    expect(
      telegram
        .sentMessages()
        .filter((m) => JSON.stringify(m.reply_markup) === JSON.stringify(keyboard)),
    ).toHaveLength(1);
  });

  it('expires a request nobody answers, and edits its message to say so', async () => {
    const payload = permissionPayload({ claudeSessionId: 'expiring', timeoutSeconds: 1 });
    expect((await ask(payload)).status).toBe(202);
    const { messageId, params } = await requestMessage(payload.requestId);

    const answer = await poll(payload, 10);
    expect(answer.body).toMatchObject({ requestId: payload.requestId, status: 'expired' });

    const edited = await editedMessage(messageId);
    expect(edited.text).not.toBe(params['text']);
    expect(edited.text).toContain('Timed out: nobody answered in time');
    const { request } = await stored(payload.requestId);
    expect((await decisions.decide(request.id, 'allow', 'Ann')).changed).toBe(false);
  });

  it('closes a pending request as answered on the server when the session reports something newer, and edits its message', async () => {
    const payload = permissionPayload({ claudeSessionId: 'answered-locally' });
    expect((await ask(payload)).status).toBe(202);
    const { messageId, request } = await requestMessage(payload.requestId);

    const notify = (type: string) =>
      signedPost('/notify', {
        serverId: 'kr4',
        type,
        project: payload.project,
        claudeSessionId: payload.claudeSessionId,
        message: 'Reinstalled the dependencies.',
      });
    // Claude Code's own "needs your permission" notification is about this very dialog.
    expect((await notify('permission')).status).toBe(202);
    expect((await poll(payload, 0)).body['status']).toBe('pending');

    expect((await notify('completed')).status).toBe(202);
    expect((await poll(payload, 5)).body['status']).toBe('answered-on-server');
    const edited = await editedMessage(messageId);
    expect(edited.text).toContain('Answered on the server');

    // The completion goes out after the edit, alone, with its Output / Esc buttons.
    const completed = await waitFor(
      () => telegram.sentMessages().find((m) => m.text.includes('Task Completed')),
      { what: 'the completion message' },
    );
    expect(completed.reply_markup).toEqual(notificationKeyboard(request.sessionId));
    // The `permission` notification was stored, and never sent: the buttons message asked.
    expect(telegram.sentMessages().filter((m) => m.text.includes('Needs Permission'))).toEqual([]);
    expect(await permissionNotificationRows(request.sessionId)).toEqual([{ sent: 0, stored: 1 }]);
    const order = telegram
      .calls()
      .filter((call) => !call.failed)
      .map((call) =>
        call.method === 'editMessageText'
          ? 'edit'
          : String(call.params['text']).includes('Task Completed')
            ? 'completed'
            : 'other',
      )
      .filter((what) => what !== 'other');
    expect(order).toEqual(['edit', 'completed']);
  });

  it("leaves a request's buttons alone on a late Stop of an earlier prompt, and closes it on its own prompt's Stop", async () => {
    // The hub was down during the previous turn: its hook spooled that turn's Stop, and the
    // next turn's UserPromptSubmit hook sends it in the background, after this turn asked.
    const spooledAt = new Date(Date.now() - 60_000).toISOString();
    const earlier = randomUUID();
    const payload = permissionPayload({ claudeSessionId: 'late-stop', promptId: randomUUID() });
    expect((await ask(payload)).status).toBe(202);
    const { messageId, keyboard } = await requestMessage(payload.requestId);

    const stop = (promptId: string, sentAt: string, message: string) =>
      signedPost('/notify', {
        serverId: 'kr4',
        type: 'completed',
        event: 'Stop',
        project: payload.project,
        claudeSessionId: payload.claudeSessionId,
        promptId,
        sentAt,
        eventId: randomUUID(),
        message,
      });
    expect((await stop(earlier, spooledAt, 'Finished the previous turn.')).status).toBe(202);
    // Its message goes out: it is still news of its own turn.
    await waitFor(
      () => telegram.sentMessages().find((m) => m.text.includes('Finished the previous turn.')),
      { what: "the late Stop's message" },
    );
    expect((await poll(payload, 0)).body['status']).toBe('pending');
    expect((await stored(payload.requestId)).session.state).toBe('asking');
    const shown = telegram.message(Number(CHAT_ID), messageId);
    expect(shown?.edit_date).toBeUndefined();
    expect(shown?.reply_markup).toEqual(keyboard);

    const own = payload.promptId ?? '';
    expect((await stop(own, new Date().toISOString(), 'Done.')).status).toBe(202);
    expect((await poll(payload, 5)).body['status']).toBe('answered-on-server');
    expect((await editedMessage(messageId)).text).toContain('Answered on the server');
  });

  it('closes a request its CLI saw answered in the terminal, and edits its message', async () => {
    const payload = permissionPayload({ claudeSessionId: 'answered-in-the-terminal' });
    expect((await ask(payload)).status).toBe(202);
    const { messageId } = await requestMessage(payload.requestId);
    const waiting = poll(payload, 10);

    const answered = () =>
      signedPost('/permissions/answered-on-server', {
        serverId: 'kr4',
        requestId: payload.requestId,
        nonce: randomUUID(),
      });
    const first = await answered();
    expect(first).toMatchObject({
      status: 200,
      body: { requestId: payload.requestId, status: 'answered-on-server' },
    });
    expect((await waiting).body['status']).toBe('answered-on-server');
    const edited = await editedMessage(messageId);
    expect(edited.text).toContain('💻 Answered on the server');
    // Said again (a retry): the same answer, nothing edited twice.
    expect((await answered()).body['status']).toBe('answered-on-server');
    expect(telegram.calls('editMessageText')).toHaveLength(1);
  });

  it('sends a question request as one message per question, with its options as buttons', async () => {
    const hook = claudeHookFixture('real-2.1.328/permission-request-ask-user-question').json;
    const asked = hook['tool_input'] as { questions: object[] };
    const second = {
      question: 'Which sizes?',
      header: 'Sizes',
      options: [
        { label: 'S', description: 'small' },
        { label: 'L', description: 'large' },
      ],
      multiSelect: true,
    };
    const payload = permissionPayload({
      claudeSessionId: 'asking',
      toolName: 'AskUserQuestion',
      toolInput: { questions: [...asked.questions, second] },
      permissionSuggestions: [],
    });
    expect((await ask(payload)).status).toBe(202);
    const { request } = await stored(payload.requestId);
    const messages = await waitFor(
      () => {
        const sent = telegram.sentMessages().filter((m) => m.text.includes('Claude Asks</b>'));
        return sent.length === 2 && sent;
      },
      { what: 'a message per question' },
    );
    expect(messages.map((m) => m.text.split('\n')[0])).toEqual([
      '❓ <b>[KR4] Claude Asks</b> · question 1 of 2',
      '❓ <b>[KR4] Claude Asks</b> · question 2 of 2',
    ]);
    const data = (m: (typeof messages)[number]) =>
      (
        m.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }
      ).inline_keyboard
        .flat()
        .map((b) => b.callback_data);
    expect(data(messages[0]!)).toEqual([
      `q:${request.id}:0:0`,
      `q:${request.id}:0:1`,
      `q:${request.id}:0:other`,
    ]);
    expect(data(messages[1]!)).toEqual([
      `q:${request.id}:1:0`,
      `q:${request.id}:1:1`,
      `q:${request.id}:1:other`,
      `q:${request.id}:1:done`,
    ]);
  });

  it('sends a `permission` notification when no request waits on that dialog', async () => {
    const payload = permissionPayload({ claudeSessionId: 'decided-first' });
    expect((await ask(payload)).status).toBe(202);
    const { request } = await requestMessage(payload.requestId);
    await decisions.decide(request.id, 'deny', 'Bob');

    const notified = await signedPost('/notify', {
      serverId: 'kr4',
      type: 'permission',
      project: payload.project,
      claudeSessionId: payload.claudeSessionId,
      message: 'Claude needs your permission to use Bash',
    });
    expect(notified.status).toBe(202);
    const sent = await waitFor(
      () => telegram.sentMessages().find((m) => m.text.includes('Claude Needs Permission')),
      { what: 'the permission notification' },
    );
    expect(sent.reply_markup).toBeUndefined();
    expect(await permissionNotificationRows(request.sessionId)).toEqual([{ sent: 1, stored: 1 }]);
  });

  it('answers two requests from two servers, decided out of order, each with its own decision', async () => {
    const first = permissionPayload({ serverId: 'kr4', claudeSessionId: 'one' });
    const second = permissionPayload({ serverId: 'kr5', claudeSessionId: 'two' });
    expect((await ask(first)).status).toBe(202);
    expect((await ask(second)).status).toBe(202);
    const a = await requestMessage(first.requestId);
    const b = await requestMessage(second.requestId);

    const waits = [poll(first, 25), poll(second, 25)];
    await decisions.decide(b.request.id, 'deny', 'Bob');
    await decisions.decide(a.request.id, 'allow', 'Ann');
    const [answerA, answerB] = await Promise.all(waits);
    expect(answerA.body).toMatchObject({
      requestId: first.requestId,
      status: 'allow',
      decidedBy: 'Ann',
    });
    expect(answerB.body).toMatchObject({
      requestId: second.requestId,
      status: 'deny',
      decidedBy: 'Bob',
    });

    // A server cannot read another server's request.
    expect((await poll(first, 0, 'kr5')).status).toBe(404);
  });

  it('never shows buttons for a request that closed before Telegram took its message', async () => {
    telegram.failNext('sendMessage', { status: 500 }, 2);
    const payload = permissionPayload({ claudeSessionId: 'never-shown', timeoutSeconds: 1 });
    expect((await ask(payload)).status).toBe(202);
    expect((await poll(payload, 10)).body['status']).toBe('expired');

    const { request } = await stored(payload.requestId);
    const rows = await waitFor(
      async () => {
        const found = await runSql<{ kind: string; status: string; last_error: string }>(
          bot.manager,
          'SELECT kind, status, last_error FROM outbox WHERE permission_id = :id ORDER BY id',
          { id: request.id },
        );
        // Settled: no longer waiting, nor claimed by a send that is still under way.
        const settled = found.every((row) => !['pending', 'sending', 'held'].includes(row.status));
        return settled ? found : undefined;
      },
      { timeoutMs: 15_000, what: 'the request rows to be settled' },
    );
    expect(rows.map((row) => [row.kind, row.status])).toEqual([
      ['permission', 'failed'],
      ['permission-outcome', 'failed'],
    ]);
    expect(rows[0].last_error).toMatch(/superseded/);
    expect(rows[1].last_error).toMatch(/never sent/);
    expect(telegram.sentMessages()).toEqual([]);
  });

  describe('refuses what it must', () => {
    it('401 for an unsigned or wrongly signed request, on every route', async () => {
      const payload = permissionPayload();
      const body = JSON.stringify(payload);
      expect((await signedPost('/permissions', body, {})).status).toBe(401);
      expect(
        (await signedPost('/permissions', body, signedHeaders('not-the-secret-0000000000', body)))
          .status,
      ).toBe(401);
      const wait = JSON.stringify({
        serverId: 'kr4',
        requestId: payload.requestId,
        waitSeconds: 0,
        nonce: 'n',
      });
      expect((await signedPost('/permissions/wait', wait, {})).status).toBe(401);
      const answered = JSON.stringify({
        serverId: 'kr4',
        requestId: payload.requestId,
        nonce: 'n',
      });
      expect((await signedPost('/permissions/answered-on-server', answered, {})).status).toBe(401);
      expect(await decisions.get(payload.requestId)).toBeNull();
    });

    it.each([
      ['body', '{"serverId": "kr4",'],
      ['toolName', JSON.stringify({ ...permissionPayload(), toolName: '' })],
      ['toolInput', JSON.stringify({ ...permissionPayload(), toolInput: 'rm -rf /' })],
      [
        'toolInput',
        JSON.stringify({ ...permissionPayload(), toolInput: { command: 'x'.repeat(40_000) } }),
      ],
      ['timeoutSeconds', JSON.stringify({ ...permissionPayload(), timeoutSeconds: 0 })],
      ['requestId', JSON.stringify({ ...permissionPayload(), requestId: 'no spaces please' })],
    ])(
      '400 naming %s for a malformed request, storing and sending nothing',
      async (field, body) => {
        const before = await getJson<{ sessions: unknown[] }>(`${hub.url}/sessions`);
        const answer = await signedPost('/permissions', body);
        expect(answer.status).toBe(400);
        expect(answer.body.field).toBe(field);
        expect(answer.body.message).toMatch(new RegExp(`^${field}: `));
        const after = await getJson<{ sessions: unknown[] }>(`${hub.url}/sessions`);
        expect(after.body.sessions).toHaveLength(before.body.sessions.length);
        expect(telegram.calls('sendMessage')).toEqual([]);
      },
    );

    it('400 for a wait longer than the longest poll', async () => {
      const answer = await signedPost('/permissions/wait', {
        serverId: 'kr4',
        requestId: randomUUID(),
        waitSeconds: 26,
        nonce: 'n',
      });
      expect(answer).toMatchObject({ status: 400, body: { field: 'waitSeconds' } });
    });

    it('404 with a clear message for an unknown requestId', async () => {
      const answer = await poll(permissionPayload(), 0);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ field: 'requestId' });
      expect(answer.body.message).toMatch(/^requestId: no permission request/);
      const answered = await signedPost('/permissions/answered-on-server', {
        serverId: 'kr4',
        requestId: randomUUID(),
        nonce: 'n',
      });
      expect(answered).toMatchObject({ status: 404, body: { field: 'requestId' } });
    });
  });
});
