import type { ServerConfig } from '@ccr/config';
import { SessionError, type SessionView } from '@ccr/session-domain';
import { ExecutorError, ExecutorErrorCode } from '@ccr/ssh-executor';
import { BotError, BotErrorCode } from './bot.error';
import { failureReply, shortFailure, type FailureContext } from './failure-reply.util';

const KR4: ServerConfig = {
  id: 'kr4',
  type: 'remote',
  host: '10.0.0.4',
  port: 22,
  user: 'dev',
  keyPath: '~/.ssh/id_ed25519',
  strictHostKeyChecking: true,
};

const SESSION: SessionView = {
  id: 1,
  serverId: 'kr4',
  seq: 1,
  name: 'kr4:1',
  token: 'AB12CD34',
  claudeSessionId: 'c',
  project: 'api <v2>',
  cwd: null,
  hostname: null,
  tmux: { session: 'main', window: '0', pane: '%3' },
  lastType: 'waiting',
  state: 'waiting',
  stateSince: new Date(0),
  createdAt: new Date(0),
  lastEventAt: new Date(0),
  expiresAt: new Date(0),
};

const context: FailureContext = {
  serverById: (id) => (id === 'kr4' ? KR4 : undefined),
  connectTimeoutMs: 5000,
  session: SESSION,
  updateId: 77,
};

const executorError = (code: ExecutorErrorCode, message = 'details <here>') =>
  new ExecutorError(code, message, { serverId: 'kr4' });

describe('failureReply', () => {
  it('tells a refused SSH connection apart, with the command to check by hand', () => {
    expect(failureReply(executorError(ExecutorErrorCode.ConnectionRefused), context)).toEqual({
      html:
        '🔌 <b>kr4</b> (10.0.0.4:22) refused the SSH connection: is sshd running there, on that port? ' +
        'Check with <code>ssh dev@10.0.0.4</code>. Nothing was sent to the pane.',
      code: 'CONNECTION_REFUSED',
      expected: true,
    });
  });

  it('gives the connect timeout in seconds', () => {
    const { html } = failureReply(executorError(ExecutorErrorCode.ConnectTimeout), {
      ...context,
      connectTimeoutMs: 2500,
    });
    expect(html).toContain('No SSH connection to <b>kr4</b> (10.0.0.4:22) within 2.5 s');
  });

  it('names the pane and session that are gone', () => {
    const { html } = failureReply(executorError(ExecutorErrorCode.PaneGone), context);
    expect(html).toContain(
      '🪟 The tmux pane <code>%3</code> of session <code>kr4:1</code> (api &lt;v2&gt;) is gone',
    );
    expect(html).toContain('/sessions lists live ones');
  });

  it.each([
    [
      ExecutorErrorCode.HostKeyMismatch,
      '⚠️ <b>Host key mismatch</b> for <b>kr4</b> (10.0.0.4:22): I did not connect. details &lt;here&gt;',
    ],
    [ExecutorErrorCode.HostKeyUnknown, 'I do not know the host key of <b>kr4</b>'],
    [ExecutorErrorCode.AuthFailed, 'did not let the hub log in. details &lt;here&gt;'],
    [ExecutorErrorCode.ServerUnreachable, 'Cannot reach <b>kr4</b> (10.0.0.4:22) over SSH'],
    [ExecutorErrorCode.TextTooLong, '✂️ Too long to type at once. details &lt;here&gt;'],
    [ExecutorErrorCode.CommandTimeout, 'did not finish the tmux command in time'],
    [ExecutorErrorCode.TmuxMissing, 'details &lt;here&gt;'],
    [ExecutorErrorCode.Closed, 'shutting down'],
    [ExecutorErrorCode.InvalidText, 'details &lt;here&gt;'],
  ])('answers %s with the executor’s words, escaped', (code, expected) => {
    const reply = failureReply(executorError(code), context);
    expect(reply.html).toContain(expected);
    expect(reply.code).toBe(code);
    expect(reply.html).not.toContain('<here>');
  });

  it('names a missing folder or program, and what the failure left as it was', () => {
    const started = { ...context, untouched: 'Nothing was started.' };
    expect(
      failureReply(
        executorError(
          ExecutorErrorCode.FolderMissing,
          'There is no folder ~/a<b> on server "kr4".',
        ),
        started,
      ).html,
    ).toBe('📁 There is no folder ~/a&lt;b&gt; on server &quot;kr4&quot;. Nothing was started.');
    const notFound = failureReply(
      executorError(ExecutorErrorCode.CommandNotFound, '"claude" was not found on server "kr4".'),
      started,
    );
    expect(notFound.html).toContain(
      '🧰 &quot;claude&quot; was not found on server &quot;kr4&quot;.',
    );
    expect(notFound.html).toContain("set the server's <code>claudeCommand</code> in servers.json");
    expect(notFound.html).toContain('Nothing was started.');
    expect(
      failureReply(executorError(ExecutorErrorCode.ConnectionRefused), started).html,
    ).toContain('Check with <code>ssh dev@10.0.0.4</code>. Nothing was started.');
  });

  it('passes session errors on as they are written, escaped', () => {
    const reply = failureReply(SessionError.notFound('kr4:<9>'), context);
    expect(reply).toEqual({
      html: '🔎 No session kr4:&lt;9&gt;. Check the name or token; /sessions lists live ones.',
      code: 'SESSION_NOT_FOUND',
      expected: true,
    });
  });

  it('passes the bot’s own errors on with their HTML', () => {
    const error = BotError.noTmuxPane(SESSION);
    expect(failureReply(error, context)).toEqual({
      html: error.html,
      code: BotErrorCode.NoTmuxPane,
      expected: true,
    });
    expect(error.html).toContain('(api &lt;v2&gt;) did not run inside tmux');
  });

  it('says nothing of internals for an unexpected error, and points at the log', () => {
    expect(failureReply(new TypeError('x is undefined'), context)).toEqual({
      html: '💥 Something went wrong while handling this (update 77); the hub-bot log has the details.',
      code: 'INTERNAL',
      expected: false,
    });
  });
});

describe('shortFailure', () => {
  it('says in a few words what is wrong with a server', () => {
    expect(shortFailure(executorError(ExecutorErrorCode.ConnectionRefused), context)).toBe(
      'refused the SSH connection: is sshd running? Check with <code>ssh dev@10.0.0.4</code>.',
    );
    expect(shortFailure(executorError(ExecutorErrorCode.HostKeyMismatch), context)).toContain(
      '<b>host key mismatch</b>',
    );
    expect(shortFailure(new Error('boom'), context)).toBe(
      'failed; the hub-bot log has the details',
    );
  });
});
