import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../../test/support/temp-dir';
import { hookSpecsFor } from '../../claude-settings/own-hooks.constant';
import { withOwnHooks } from '../../claude-settings/settings-merge.util';
import { enqueueEvent, rejectEntry } from '../../delivery/spool.util';
import { checkHooks, checkSpool, checkTmux } from './local-checks.util';

describe('doctor local checks', () => {
  let dir: string;
  let script: string;
  let settingsPath: string;
  beforeEach(async () => {
    dir = await makeTempDir('doctor');
    script = join(dir, 'main.js');
    settingsPath = join(dir, 'settings.json');
    await writeFile(script, '');
  });
  afterEach(() => removeTempDir(dir));

  const install = (scriptPath: string, permissionTimeout = 300) =>
    writeFile(
      settingsPath,
      JSON.stringify(
        withOwnHooks({}, hookSpecsFor([], permissionTimeout), {
          nodePath: process.execPath,
          scriptPath,
        }),
      ),
    );

  it('passes installed hooks whose CLI exists', async () => {
    await install(script);
    await expect(checkHooks(settingsPath, [], 300)).resolves.toEqual({
      ok: true,
      text: `hooks installed in ${settingsPath}: Stop, Notification (permission_prompt|idle_prompt), StopFailure, PermissionRequest, SessionStart, UserPromptSubmit, SessionEnd`,
    });
  });

  it('fails a PermissionRequest hook that Claude Code would kill before the wait is over', async () => {
    await install(script, 60);
    await expect(checkHooks(settingsPath, [], 60)).resolves.toMatchObject({ ok: true });
    await expect(checkHooks(settingsPath, [], 300)).resolves.toEqual({
      ok: false,
      text: `hooks in ${settingsPath} give PermissionRequest a timeout of 90 s, not longer than the permission timeout of 300 s: run "remote-hook install" again`,
    });
  });

  it('fails missing hooks, an extra event not installed, and a CLI that is gone', async () => {
    await expect(checkHooks(settingsPath, [], 300)).resolves.toMatchObject({
      ok: false,
      text: expect.stringMatching(
        /^hooks missing in .+ for Stop, Notification .+: run "remote-hook install"$/,
      ),
    });
    await install(script);
    await expect(checkHooks(settingsPath, ['SubagentStop'], 300)).resolves.toMatchObject({
      ok: false,
      text: expect.stringContaining('for SubagentStop'),
    });
    await install(join(dir, 'gone', 'main.js'));
    await expect(checkHooks(settingsPath, [], 300)).resolves.toMatchObject({
      ok: false,
      text: expect.stringContaining('which no longer exists: run "remote-hook install" again'),
    });
  });

  it('counts the backlog and the refused events', async () => {
    const spool = join(dir, 'spool');
    await expect(checkSpool(spool)).resolves.toEqual({ ok: true, text: `spool empty (${spool})` });
    await enqueueEvent(spool, '{}', Date.UTC(2026, 10, 20, 9));
    const refused = await enqueueEvent(spool, '{}');
    await rejectEntry(spool, refused);
    const check = await checkSpool(spool);
    expect(check.ok).toBe(false);
    expect(check.text).toContain('1 undelivered event(s)');
    expect(check.text).toContain('oldest 2026-11-20T09:00:00.000Z');
    expect(check.text).toContain(`1 event(s) the hub refused in ${join(spool, 'rejected')}`);
  });

  it('finds tmux, and says whether this shell runs inside it', async () => {
    const path = process.env['PATH'] ?? '/usr/bin:/bin';
    const outside = await checkTmux({ PATH: path }, 2000);
    expect(outside).toMatchObject({
      ok: true,
      text: expect.stringMatching(/^tmux \S+ installed; this shell is not inside tmux/),
    });
    const inside = await checkTmux({ PATH: path, TMUX: '/tmp/s,1,0', TMUX_PANE: '%3' }, 2000);
    expect(inside.text).toContain('inside tmux (pane %3)');
    await mkdir(join(dir, 'empty'));
    await expect(checkTmux({ PATH: join(dir, 'empty') }, 2000)).resolves.toMatchObject({
      ok: false,
    });
  });
});
