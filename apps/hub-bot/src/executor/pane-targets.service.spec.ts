import { parseServersConfig } from '@ccr/config';
import { OutboxStore, SessionStore, openDatabase } from '@ccr/session-data-access';
import { SessionError, SessionErrorCode } from '@ccr/session-domain';
import { makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { BotError, BotErrorCode } from '../replies/bot.error';
import { PaneTargets } from './pane-targets.service';
import { ServerRegistry } from './server-registry.service';

const HOUR = 3_600_000;

describe('PaneTargets (real SQLite)', () => {
  let dir: string;
  let dataSource: DataSource;
  let sessions: SessionStore;
  let outbox: OutboxStore;
  let targets: PaneTargets;
  let now: Date;

  beforeEach(async () => {
    dir = await makeTempDir('ccr-targets-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    now = new Date('2026-05-01T08:00:00.000Z');
    sessions = new SessionStore(dataSource, { ttlHours: 24, clock: () => now });
    outbox = new OutboxStore(dataSource, { clock: () => now });
    const servers = parseServersConfig(
      {
        servers: [
          { id: 'local', type: 'local', tmuxSocket: { name: 'claude' } },
          { id: 'kr4', type: 'remote', host: '10.0.0.4', user: 'dev', keyPath: '~/.ssh/k' },
        ],
      },
      '/etc/ccr/servers.json',
    );
    targets = new PaneTargets(sessions, outbox, new ServerRegistry(servers));
  });

  afterEach(async () => {
    await dataSource.destroy();
    await removeDir(dir);
  });

  const notify = (serverId: string, claudeSessionId: string, pane?: string) =>
    sessions.recordAndQueueNotification(
      {
        serverId,
        type: 'waiting',
        project: `p-${claudeSessionId}`,
        claudeSessionId,
        ...(pane ? { tmux: { session: 'main', window: '0', pane } } : {}),
      },
      { chatIds: ['100'] },
    );

  /** Marks every waiting outbox row as sent in one Telegram message, as hub-api's sender does. */
  async function sendAs(messageId: number): Promise<void> {
    const look = await outbox.takeDue('100', 100, (items) => ({
      claim: items.map((item) => item.id),
    }));
    if ('closed' in look) throw new Error('chat 100 is closed');
    await outbox.markSent(look.claim, messageId);
  }

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('expected a rejection');
  }

  it('finds the one session a replied-to notification reported, and its pane', async () => {
    const { session } = await notify('kr4', 'a', '%3');
    await sendAs(10);
    const found = await targets.byReply('100', 10, now);
    expect(found.name).toBe(session.name);
    const target = targets.targetOf(found);
    expect(target.pane).toBe('%3');
    expect(target.server.executor).toMatchObject({ id: 'kr4', type: 'remote', port: 22 });
  });

  it('refuses a reply to a message that reported nothing, or several sessions', async () => {
    // Message 11 is one the outbox never sent: a command, or one of hub-bot's own answers.
    expect(await rejection(targets.byReply('100', 11, now))).toMatchObject({
      code: BotErrorCode.NotANotification,
    });
    await notify('kr4', 'a', '%3');
    await notify('local', 'b', '%4');
    await sendAs(12);
    const several = await rejection(targets.byReply('100', 12, now));
    expect(several).toBeInstanceOf(BotError);
    expect((several as BotError).html).toContain('<code>/cmd kr4:1 your text</code>');
    expect((several as BotError).html).toContain('<code>/cmd local:1 your text</code>');
  });

  it('says when the replied-to session has expired', async () => {
    await notify('kr4', 'a', '%3');
    await sendAs(13);
    now = new Date(now.getTime() + 25 * HOUR);
    const error = await rejection(targets.byReply('100', 13, now));
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe(SessionErrorCode.Expired);
  });

  it('finds the session a button names by its id, and says when it expired or is gone', async () => {
    const { session } = await notify('kr4', 'a', '%3');
    expect(await targets.byId(session.id, now)).toEqual(session);
    expect(await rejection(targets.byId(session.id + 1, now))).toMatchObject({
      code: BotErrorCode.SessionGone,
    });
    const later = new Date(now.getTime() + 25 * HOUR);
    const error = await rejection(targets.byId(session.id, later));
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe(SessionErrorCode.Expired);
    expect((error as SessionError).message).toContain(`Session ${session.name} expired`);
  });

  it('refuses a session on an unknown server, or without a tmux pane', async () => {
    const ghost = await notify('ghost', 'g', '%1');
    expect(() => targets.targetOf(ghost.session)).toThrow(
      expect.objectContaining({ code: BotErrorCode.UnknownServer }),
    );
    const plain = await notify('local', 'p');
    expect(() => targets.targetOf(plain.session)).toThrow(
      expect.objectContaining({ code: BotErrorCode.NoTmuxPane }),
    );
    expect(await targets.byRef(plain.session.token.toLowerCase())).toMatchObject({
      name: plain.session.name,
    });
  });

  it('types into a running session, never into what an ended one left', async () => {
    const { session } = await notify('kr4', 'a', '%3');
    expect(targets.runningTargetOf(session).pane).toBe('%3');
    const { session: ended } = await sessions.recordSessionEvent({
      serverId: 'kr4',
      event: 'SessionEnd',
      project: 'p-a',
      claudeSessionId: 'a',
    });
    expect(ended.state).toBe('ended');
    const error = (() => {
      try {
        targets.runningTargetOf(ended);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected an error');
    })();
    expect(error).toMatchObject({ code: SessionErrorCode.Ended });
    expect((error as SessionError).message).toBe(
      `Session ${ended.name} ended at 2026-05-01 08:00 UTC: Claude exited, so nothing was typed. ` +
        '/new starts Claude again; /sessions lists live ones.',
    );
    // Its screen can still be read.
    expect(targets.targetOf(ended).pane).toBe('%3');
  });
});
