import type { DataSource } from 'typeorm';
import { FakeClock, TempDatabases } from '../../test/temp-database.util';
import { LaunchStore } from './launch.store';
import { PermissionStore } from './permission.store';
import {
  type NotificationInput,
  type RecordSessionEventInput,
  SessionStore,
} from './session.store';

const SECOND = 1000;
const PANE = { session: 'ccr', window: '3', pane: '%12' };

/** Session events and the state they give a session, as SessionStore records them. */
describe('SessionStore: session events and state', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let store: SessionStore;
  let launches: LaunchStore;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-05-01T10:00:00.000Z');
    store = new SessionStore(dataSource, { ttlHours: 24, clock: clock.now });
    launches = new LaunchStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  const sessionEvent = (
    event: RecordSessionEventInput['event'],
    fields: Partial<RecordSessionEventInput> = {},
  ) =>
    store.recordSessionEvent({
      serverId: 'kr4',
      event,
      project: 'webapp',
      claudeSessionId: 'claude-a',
      tmux: PANE,
      ...fields,
    });

  const notify = (fields: Partial<NotificationInput> = {}) =>
    store.recordAndQueueNotification(
      {
        serverId: 'kr4',
        type: 'completed',
        event: 'Stop',
        project: 'webapp',
        claudeSessionId: 'claude-a',
        ...fields,
      },
      { chatIds: ['100'] },
    );

  const rows = async (table: string): Promise<number> => {
    const [row]: Array<{ n: number }> = await dataSource.query(
      `SELECT CAST(count(*) AS integer) AS n FROM ${table}`,
    );
    return row.n;
  };

  it('starts a session at SessionStart, idle, with no notification and no message', async () => {
    const { session, closedPermissions, launchId } = await sessionEvent('SessionStart');
    expect(session).toMatchObject({
      name: 'kr4:1',
      state: 'idle',
      stateSince: clock.now(),
      lastType: null,
      tmux: PANE,
    });
    expect(closedPermissions).toEqual([]);
    expect(launchId).toBeNull();
    expect(await rows('notifications')).toBe(0);
    expect(await rows('outbox')).toBe(0);
    expect((await store.listLive()).map((s) => s.name)).toEqual(['kr4:1']);
  });

  it('follows a turn: working from the prompt, idle at Stop, ended at SessionEnd', async () => {
    await sessionEvent('SessionStart');
    clock.advance(SECOND);
    const prompted = await sessionEvent('UserPromptSubmit', { promptId: 'p1' });
    expect(prompted.session).toMatchObject({ state: 'working', stateSince: clock.now() });
    clock.advance(SECOND);
    const stopped = await notify({ promptId: 'p1' });
    expect(stopped.session).toMatchObject({
      name: 'kr4:1',
      state: 'idle',
      stateSince: clock.now(),
      lastType: 'completed',
    });
    clock.advance(SECOND);
    const ended = await sessionEvent('SessionEnd', { reason: 'prompt_input_exit' });
    expect(ended.session).toMatchObject({
      state: 'ended',
      stateSince: clock.now(),
      lastType: 'completed',
    });
    // An ended session is still listed until it expires, as ended.
    expect((await store.listLive()).map((s) => [s.name, s.state])).toEqual([['kr4:1', 'ended']]);
  });

  it("keeps a short turn idle when its prompt's event arrives after its Stop", async () => {
    await sessionEvent('SessionStart');
    await notify({ promptId: 'p1' });
    clock.advance(SECOND);
    const late = await sessionEvent('UserPromptSubmit', { promptId: 'p1' });
    expect(late.session.state).toBe('idle');
    const next = await sessionEvent('UserPromptSubmit', { promptId: 'p2' });
    expect(next.session.state).toBe('working');
  });

  it('takes waiting and permission notifications as waiting and asking', async () => {
    expect((await notify({ type: 'waiting', event: 'Notification' })).session.state).toBe(
      'waiting',
    );
    expect((await notify({ type: 'permission', event: 'Notification' })).session.state).toBe(
      'asking',
    );
    expect((await notify({ type: 'completed', event: 'SubagentStop' })).session.state).toBe(
      'working',
    );
  });

  it('is asking while a permission request waits, and working once it is answered', async () => {
    const permissions = new PermissionStore(dataSource, { clock: clock.now });
    await sessionEvent('UserPromptSubmit', { promptId: 'p1' });
    const asked = await permissions.create(
      {
        serverId: 'kr4',
        project: 'webapp',
        requestId: 'r1',
        claudeSessionId: 'claude-a',
        promptId: 'p1',
        toolName: 'Bash',
        toolInput: { command: 'ls' },
        timeoutSeconds: 300,
      },
      { chatIds: ['100'] },
    );
    expect(asked.session.state).toBe('asking');
    // The prompt's own event, late, does not hide the question.
    expect((await sessionEvent('UserPromptSubmit', { promptId: 'p1' })).session.state).toBe(
      'asking',
    );
    expect((await permissions.get('r1'))?.request.status).toBe('pending');
    const decided = await permissions.decide(asked.request.id, 'allow', 'Ann');
    expect(decided.session.state).toBe('working');
  });

  it('closes pending requests at a new prompt and at the end, as answered in the terminal', async () => {
    const permissions = new PermissionStore(dataSource, { clock: clock.now });
    const ask = (requestId: string, promptId: string) =>
      permissions.create(
        {
          serverId: 'kr4',
          project: 'webapp',
          requestId,
          claudeSessionId: 'claude-a',
          promptId,
          toolName: 'Bash',
          toolInput: {},
          timeoutSeconds: 300,
        },
        { chatIds: [] },
      );
    await ask('r1', 'p1');
    const next = await sessionEvent('UserPromptSubmit', { promptId: 'p2' });
    expect(next.closedPermissions.map((p) => [p.requestId, p.status])).toEqual([
      ['r1', 'answered-on-server'],
    ]);
    await ask('r2', 'p2');
    const ended = await sessionEvent('SessionEnd');
    expect(ended.closedPermissions.map((p) => p.requestId)).toEqual(['r2']);
    expect((await sessionEvent('SessionStart')).closedPermissions).toEqual([]);
  });

  it('ends a session for good, but a resumed one (same id) is idle again', async () => {
    await sessionEvent('SessionEnd');
    expect((await notify({ promptId: 'x' })).session.state).toBe('ended');
    expect((await sessionEvent('UserPromptSubmit', { promptId: 'y' })).session.state).toBe('ended');
    clock.advance(SECOND);
    const resumed = await sessionEvent('SessionStart');
    expect(resumed.session).toMatchObject({ name: 'kr4:1', state: 'idle' });
  });

  it('refuses what is not a session event, and a bad server id', async () => {
    await expect(sessionEvent('Stop' as RecordSessionEventInput['event'])).rejects.toThrow(
      /is not a session event/,
    );
    await expect(sessionEvent('SessionStart', { serverId: 'bad id' })).rejects.toThrow(
      /does not match/,
    );
    expect(await rows('sessions')).toBe(0);
  });

  describe('windows hub-bot opened', () => {
    const open = () =>
      launches.create({
        serverId: 'kr4',
        folder: '~/webapp',
        tmux: PANE,
        firstPrompt: 'fix the tests',
        chatId: '100',
        requestedBy: '@ann',
      });

    it('names the session of the Claude that starts in the window', async () => {
      const launch = await open();
      const started = await sessionEvent('SessionStart');
      expect(started.launchId).toBe(launch.id);
      expect(await launches.get(launch.id)).toMatchObject({
        status: 'started',
        sessionId: started.session.id,
        closedAt: null,
      });
      expect(await launches.ofSession(started.session.id)).toMatchObject({ id: launch.id });
    });

    it('knows nothing of a pane on another server, or of a session started by hand', async () => {
      await open();
      const elsewhere = await sessionEvent('SessionStart', { serverId: 'kr5' });
      expect(elsewhere.launchId).toBeNull();
      const otherPane = await sessionEvent('SessionStart', {
        claudeSessionId: 'claude-b',
        tmux: { ...PANE, pane: '%13' },
      });
      expect(otherPane.launchId).toBeNull();
      expect(await launches.ofSession(otherPane.session.id)).toBeNull();
    });

    it('marks the window gone when Claude exits there, but not at /clear', async () => {
      const launch = await open();
      const first = await sessionEvent('SessionStart');
      clock.advance(SECOND);
      await sessionEvent('SessionEnd', { reason: 'clear' });
      expect((await launches.get(launch.id))?.closedAt).toBeNull();
      // /clear goes on in the same window with a new Claude session.
      const second = await sessionEvent('SessionStart', { claudeSessionId: 'claude-c' });
      expect(second.session.id).not.toBe(first.session.id);
      expect(second.launchId).toBe(launch.id);
      expect(await launches.ofSession(second.session.id)).toMatchObject({ id: launch.id });
      clock.advance(SECOND);
      await sessionEvent('SessionEnd', {
        claudeSessionId: 'claude-c',
        reason: 'prompt_input_exit',
      });
      expect(await launches.get(launch.id)).toMatchObject({
        closedAt: clock.now(),
        firstPrompt: null,
      });
    });

    it('leaves a window whose Claude still runs to it, whatever starts in a pane of that id', async () => {
      const launch = await open();
      const first = await sessionEvent('SessionStart');
      const stranger = await sessionEvent('SessionStart', { claudeSessionId: 'claude-x' });
      expect(stranger.launchId).toBeNull();
      expect((await launches.get(launch.id))?.sessionId).toBe(first.session.id);
    });
  });
});
