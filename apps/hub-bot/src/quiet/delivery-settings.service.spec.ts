import { loadBotConfig, parseServersConfig } from '@ccr/config';
import {
  DeliverySettingsStore,
  OutboxStore,
  SessionStore,
  openDatabase,
} from '@ccr/session-data-access';
import { makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ServerRegistry } from '../executor/server-registry.service';
import { BotError } from '../replies/bot.error';
import { DeliverySettingsService } from './delivery-settings.service';

const HOUR = 3_600_000;

describe('DeliverySettingsService (real SQLite)', () => {
  let dir: string;
  let dataSource: DataSource;
  let sessions: SessionStore;
  let outbox: OutboxStore;
  let service: DeliverySettingsService;
  let now: Date;

  beforeEach(async () => {
    dir = await makeTempDir('ccr-delivery-settings-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    now = new Date('2026-05-01T08:00:00.000Z');
    const clock = () => now;
    sessions = new SessionStore(dataSource, { ttlHours: 24, clock });
    outbox = new OutboxStore(dataSource, { clock });
    const servers = parseServersConfig(
      { servers: [{ id: 'local', type: 'local' }] },
      '/etc/ccr/servers.json',
    );
    const config = loadBotConfig({
      TELEGRAM_BOT_TOKEN: '123456789:AAE_valid-token_abcdefghijk',
      TELEGRAM_CHAT_ID: '42',
    });
    service = new DeliverySettingsService(
      new DeliverySettingsStore(dataSource, { clock }),
      outbox,
      sessions,
      new ServerRegistry(servers),
      config,
      clock,
    );
  });

  afterEach(async () => {
    await dataSource.destroy();
    await removeDir(dir);
  });

  const notify = (serverId: string, claudeSessionId: string) =>
    sessions.recordAndQueueNotification(
      { serverId, type: 'completed', project: 'p', claudeSessionId },
      { chatIds: ['42'] },
    );

  async function refusal(work: Promise<unknown>): Promise<string> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BotError);
    return (error as BotError).message;
  }

  it('mutes a server of servers.json or one that sent notifications, a session by name or token, or everything', async () => {
    const { session } = await notify('kr4', 'a');
    expect((await service.mute('42', 'local', HOUR)).target).toEqual({
      kind: 'server',
      serverId: 'local',
    });
    expect((await service.mute('42', 'kr4', HOUR)).target).toEqual({
      kind: 'server',
      serverId: 'kr4',
    });
    const byToken = await service.mute('42', session.token.toLowerCase(), HOUR);
    expect(byToken).toEqual({
      target: { kind: 'session', serverId: 'kr4', sessionId: session.id, sessionName: 'kr4:1' },
      until: new Date(now.getTime() + HOUR),
    });
    expect((await service.mute('42', undefined, HOUR)).target).toEqual({ kind: 'all' });
    expect((await service.status('42')).mutes).toHaveLength(4);
  });

  it('refuses what it does not know, naming what it knows, and mutes nothing', async () => {
    await notify('kr4', 'a');
    expect(await refusal(service.mute('42', 'kr9', HOUR))).toContain(
      'I know no server or session kr9. Servers: local, kr4',
    );
    expect(await refusal(service.mute('42', 'kr4:7', HOUR))).toContain('No session kr4:7');
    expect((await service.status('42')).mutes).toEqual([]);
  });

  it('ends the mute of a session that expired since, by the name it was muted under', async () => {
    await notify('kr4', 'a');
    await service.mute('42', 'kr4:1', 48 * HOUR);
    now = new Date(now.getTime() + 30 * HOUR);
    const lifted = await service.unmute('42', 'kr4:1');
    expect(lifted.map((mute) => mute.target)).toEqual([
      expect.objectContaining({ kind: 'session', sessionName: 'kr4:1' }),
    ]);
    expect(await service.unmute('42', 'kr4')).toEqual([]);
  });

  it('looks at held notifications again after each change', async () => {
    await notify('kr4', 'a');
    const until = new Date(now.getTime() + 8 * HOUR);
    await outbox.takeDue('42', 10, (items) => ({
      hold: [{ ids: items.map((item) => item.id), reason: 'quiet-hours' as const, until }],
    }));
    /** The statuses of what the sender's next look at the chat is shown. */
    const due = async () => {
      let statuses: string[] = [];
      await outbox.takeDue('42', 10, (items) => {
        statuses = items.map((item) => item.status);
        return {};
      });
      return statuses;
    };
    expect(await due()).toEqual([]);
    const status = await service.quiet('42', { kind: 'off' });
    expect(status.held).toBe(1);
    expect(await due()).toEqual(['held']);
  });
});
