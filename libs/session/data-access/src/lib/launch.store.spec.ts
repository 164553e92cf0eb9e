import type { DataSource } from 'typeorm';
import { FakeClock, TempDatabases } from '../../test/temp-database.util';
import { LaunchStore, type CreateLaunchInput } from './launch.store';

const INPUT: CreateLaunchInput = {
  serverId: 'kr4',
  folder: '~/web app',
  tmux: { session: 'ccr', window: '2', pane: '%7' },
  firstPrompt: "fix it; $(don't run)",
  chatId: '-100',
  requestedBy: '@ann',
};

describe('LaunchStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let store: LaunchStore;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-05-01T10:00:00.000Z');
    store = new LaunchStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  it('stores a window as opened, starting, with its first prompt', async () => {
    const launch = await store.create(INPUT);
    expect(launch).toEqual({
      id: 1,
      serverId: 'kr4',
      folder: '~/web app',
      tmux: { session: 'ccr', window: '2', pane: '%7' },
      firstPrompt: "fix it; $(don't run)",
      chatId: '-100',
      requestedBy: '@ann',
      status: 'starting',
      sessionId: null,
      createdAt: clock.now(),
      closedAt: null,
    });
    expect(await store.get(launch.id)).toEqual(launch);
    expect(await store.get(99)).toBeNull();
    expect(await store.get(0)).toBeNull();
  });

  it('keeps no empty first prompt', async () => {
    expect((await store.create({ ...INPUT, firstPrompt: '' })).firstPrompt).toBeNull();
    expect((await store.create({ ...INPUT, firstPrompt: undefined })).firstPrompt).toBeNull();
  });

  it('moves a launch only from the statuses given', async () => {
    const { id } = await store.create(INPUT);
    expect(await store.move(id, ['starting'], 'trust')).toBe(true);
    expect(await store.move(id, ['starting'], 'failed')).toBe(false);
    expect((await store.get(id))?.status).toBe('trust');
    expect(await store.move(id, ['trust'], 'cancelled')).toBe(true);
    expect((await store.get(id))?.status).toBe('cancelled');
  });

  it('forgets the first prompt once typed, and the window once closed', async () => {
    const { id } = await store.create(INPUT);
    await store.forgetFirstPrompt(id);
    expect((await store.get(id))?.firstPrompt).toBeNull();
    clock.advance(1000);
    await store.markClosed(id);
    const closedAt = clock.now();
    clock.advance(1000);
    await store.markClosed(id);
    expect((await store.get(id))?.closedAt).toEqual(closedAt);
  });

  it('refuses a bad server id or tmux location', async () => {
    await expect(store.create({ ...INPUT, serverId: 'a b' })).rejects.toThrow(/serverId/);
    await expect(store.create({ ...INPUT, tmux: { ...INPUT.tmux, pane: '3' } })).rejects.toThrow(
      /tmux window and pane/,
    );
  });
});
