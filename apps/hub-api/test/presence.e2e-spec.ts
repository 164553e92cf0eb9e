import { runSql } from '@ccr/session-data-access';
import {
  attachTmuxClient,
  claudeHookFixture,
  makeTempDir,
  removeDir,
  startTmuxServer,
  TestClock,
  type AttachedTmuxClient,
  type TestTmuxServer,
} from '@ccr/testing';
import { dirname } from 'node:path';
import { SECRET, cliEnv, runHook } from './support/hub-harness';
import { QuietStack } from './support/quiet-stack';

/**
 * The hook asks tmux itself when a person last typed in Claude's tmux session: a real tmux
 * server, a client attached through a pseudo-terminal as a person's terminal is, the built
 * hook run inside the pane's environment, and the hub deciding by the presence window.
 */
describe('at the terminal: a session someone is typing in is not notified', () => {
  const stack = new QuietStack();
  let tmux: TestTmuxServer;
  let pane: string;
  let session: string;
  let home: string;
  let client: AttachedTmuxClient | undefined;
  let runs = 0;

  beforeAll(async () => {
    await stack.start({ clock: new TestClock() });
    tmux = await startTmuxServer();
    pane = await tmux.startIdlePane();
    session = (await tmux.tmux(['display-message', '-p', '-t', pane, '#S'])).stdout.trim();
    home = await makeTempDir('ccr-presence-home-');
  }, 60_000);

  afterAll(async () => {
    await client?.detach();
    await tmux?.dispose();
    await removeDir(home);
    await stack.stop();
  }, 30_000);

  /** Claude Code in that pane finished: the built hook runs with the pane's environment. */
  async function claudeStops(): Promise<string> {
    runs += 1;
    const fixture = claudeHookFixture('stop.json');
    const marker = `stop ${runs} of the presence test`;
    const input = {
      ...fixture.json,
      session_id: `presence-${runs}`,
      last_assistant_message: marker,
    };
    const serverPid = (await tmux.tmux(['display-message', '-p', '#{pid}'])).stdout.trim();
    const env = cliEnv(home, stack.hubUrl, {
      SHARED_SECRET: SECRET,
      TMUX: `${tmux.socketPath},${serverPid},0`,
      TMUX_PANE: pane,
    });
    const result = await runHook(['hook'], JSON.stringify(input), env, dirname(fixture.path));
    expect(result.code).toBe(0);
    return marker;
  }

  /** What the hook told the hub about the person at the terminal, for the run with `marker`. */
  async function reportedIdle(marker: string): Promise<unknown> {
    const rows = await runSql<{ metadata: string }>(
      stack.database.manager,
      'SELECT metadata FROM notifications WHERE message = :marker',
      { marker },
    );
    return (JSON.parse(rows[0]?.metadata ?? '{}') as { inputIdleSeconds?: unknown })
      .inputIdleSeconds;
  }

  it('notifies as usual while no client is attached to the session', async () => {
    const marker = await claudeStops();
    const sent = await stack.telegram.waitForSentMessage((m) => m.text.includes(marker), {
      what: 'the notification of a session nobody watches',
    });
    expect(sent['disable_notification']).toBeUndefined();
    expect(await reportedIdle(marker)).toBeUndefined();
  });

  it('keeps quiet about a session typed in just before, and keeps the row as skipped', async () => {
    client = await attachTmuxClient(tmux, session);
    await client.type('x');
    const marker = await claudeStops();
    const idle = await reportedIdle(marker);
    expect(typeof idle).toBe('number');
    expect(idle as number).toBeLessThanOrEqual(5);
    await stack.waitForOutbox((o) => o.skipped === 1, 'the notification skipped');
    const [row] = await runSql(
      stack.database.manager,
      `SELECT o.status, o.quiet_reason FROM outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.message = :marker`,
      { marker },
    );
    expect(row).toEqual({ status: 'skipped', quiet_reason: 'presence' });
    expect(stack.hubMessages().some((m) => m.text.includes(marker))).toBe(false);
  });

  it('/presence silent sends it without sound; /presence off as usual', async () => {
    expect(await stack.command('/presence silent')).toContain('is notified without sound');
    await client!.type('y');
    const silent = await claudeStops();
    const quietly = await stack.telegram.waitForSentMessage((m) => m.text.includes(silent), {
      what: 'the notification of a watched session, sent silently',
    });
    expect(quietly['disable_notification']).toBe(true);

    expect(await stack.command('/presence off')).toContain('<b>At the terminal:</b> off');
    await client!.type('z');
    const loud = await claudeStops();
    const sent = await stack.telegram.waitForSentMessage((m) => m.text.includes(loud), {
      what: 'the notification, with presence off',
    });
    expect(sent['disable_notification']).toBeUndefined();
    expect(await reportedIdle(loud)).toEqual(expect.any(Number));
  });
});
