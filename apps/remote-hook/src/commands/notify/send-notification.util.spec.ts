import type { NotifyPayload } from '@ccr/protocol';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fixtureText } from '../../../test/support/fixtures';
import { closedPort, startStandInHub, type StandInHub } from '../../../test/support/stand-in-hub';
import { makeTempDir, removeTempDir } from '../../../test/support/temp-dir';
import { isolatedEnv, testContext } from '../../../test/support/test-context';
import { CliError } from '../../cli.error';
import { acquireSpoolLock } from '../../delivery/spool-lock.util';
import { listPending } from '../../delivery/spool.util';
import { ExitCode } from '../../exit-code.constant';
import { sendNotification } from './send-notification.util';

const SECRET = 'unit-secret';

describe('sendNotification', () => {
  let root: string;
  let hub: StandInHub;
  let env: Record<string, string>;
  let spoolDir: string;

  beforeEach(async () => {
    root = await makeTempDir('notify');
    hub = await startStandInHub({ secret: SECRET });
    env = isolatedEnv(root, {
      SERVER_ID: 'kr4',
      CENTRAL_HUB_ENDPOINT: hub.notifyUrl,
      SHARED_SECRET: SECRET,
    });
    spoolDir = join(root, 'state', 'ccr', 'spool');
  });
  afterEach(async () => {
    await hub.close();
    await removeTempDir(root);
  });

  it('sends a signed notification and prints nothing', async () => {
    const ctx = testContext({ env, cwd: root, stdin: fixtureText('stop.json') });
    await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
    expect(hub.requests.map((r) => [r.method, r.path, r.signatureOk])).toEqual([
      ['POST', '/notify', true],
    ]);
    expect(hub.accepted[0]).toMatchObject({
      serverId: 'kr4',
      type: 'completed',
      project: 'webapp',
      event: 'Stop',
      hostname: hostname(),
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(ctx.stdout).toEqual([]);
    expect(ctx.stderr).toEqual([]);
    expect(await listPending(spoolDir)).toEqual([]);
  });

  it('sends the explicit type, with or without hook input', async () => {
    const ctx = testContext({ env, cwd: root });
    await sendNotification(ctx, { type: 'waiting' });
    expect(hub.accepted[0]).toMatchObject({ type: 'waiting', cwd: root, metadata: {} });
    expect(hub.accepted[0]).not.toHaveProperty('event');
  });

  it('ignores an event not worth a notification, unless configured', async () => {
    const ctx = testContext({ env, cwd: root, stdin: fixtureText('subagent-stop.json') });
    await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
    expect(hub.requests).toEqual([]);
    expect(ctx.stderr).toEqual([]);

    const configured = testContext({
      env: { ...env, CCR_EXTRA_EVENTS: 'SubagentStop' },
      cwd: root,
      stdin: fixtureText('subagent-stop.json'),
    });
    await sendNotification(configured, {});
    expect(hub.accepted.map((p) => [p.type, p.event])).toEqual([['completed', 'SubagentStop']]);
  });

  it('says in one line on stderr that it is not configured, and exits 0', async () => {
    const ctx = testContext({
      env: isolatedEnv(root),
      cwd: root,
      stdin: fixtureText('stop.json'),
    });
    await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
    expect(ctx.stdout).toEqual([]);
    expect(ctx.stderr).toEqual([
      'remote-hook: nothing sent, no server id: set SERVER_ID or run "remote-hook install --server-id …" ("remote-hook doctor" lists all)',
    ]);
    expect(hub.requests).toEqual([]);
  });

  it('spools the event when the hub is down, and exits 0', async () => {
    const down = { ...env, CENTRAL_HUB_ENDPOINT: `http://127.0.0.1:${await closedPort()}/notify` };
    const ctx = testContext({ env: down, cwd: root, stdin: fixtureText('notification-idle.json') });
    await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
    expect(ctx.stdout).toEqual([]);
    expect(ctx.stderr).toHaveLength(1);
    expect(ctx.stderr[0]).toMatch(
      new RegExp(
        `^remote-hook: hub not reached \\(connect ECONNREFUSED .+\\); 1 event kept in ${spoolDir} `,
      ),
    );
    const [entry] = await listPending(spoolDir);
    const spooled = JSON.parse(await readFile(entry.path, 'utf8')) as NotifyPayload;
    expect(spooled).toMatchObject({
      type: 'waiting',
      metadata: { notification: 'Claude is waiting for your input' },
    });
  });

  it('leaves its event in the spool for the run that holds the lock', async () => {
    const lock = (await acquireSpoolLock(spoolDir))!;
    try {
      const ctx = testContext({
        env: { ...env, CCR_HOOK_TIMEOUT_MS: '600' },
        cwd: root,
        stdin: fixtureText('stop.json'),
      });
      await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
      expect(hub.requests).toEqual([]);
      expect(ctx.stderr).toEqual([]);
      expect(await listPending(spoolDir)).toHaveLength(1);
    } finally {
      await lock.release();
    }
  });

  it('sends directly when the spool cannot be used, saying so', async () => {
    const blocked = join(root, 'not-a-folder');
    await writeFile(blocked, 'a file where the spool should be');
    const ctx = testContext({
      env: { ...env, CCR_SPOOL_DIR: join(blocked, 'spool') },
      cwd: root,
      stdin: fixtureText('stop.json'),
    });
    await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
    expect(hub.accepted.map((p) => p.type)).toEqual(['completed']);
    expect(ctx.stderr).toEqual([
      expect.stringMatching(
        /^remote-hook: cannot spool in .+ \(.+\); the event was sent without it$/,
      ),
    ]);
  });

  it('sends nothing for hook input that is not JSON, saying so', async () => {
    const ctx = testContext({ env, cwd: root, stdin: 'Stop' });
    await expect(sendNotification(ctx, {})).resolves.toBe(ExitCode.Ok);
    expect(ctx.stderr[0]).toMatch(
      /^remote-hook: nothing sent, the hook input on stdin is not JSON/,
    );
    expect(hub.requests).toEqual([]);
  });

  it('tells a person running "hook" at a terminal what it is for', async () => {
    const ctx = testContext({ env, cwd: root });
    await expect(sendNotification(ctx, {})).rejects.toThrow(CliError);
  });
});
