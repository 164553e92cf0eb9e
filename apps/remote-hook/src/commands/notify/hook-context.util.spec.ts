import { BASIC_TRANSCRIPT_REPLY, FIXTURES_DIR, fixtureInput } from '../../../test/support/fixtures';
import { gatherHookContext } from './hook-context.util';

describe('gatherHookContext', () => {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };

  it('reads the reply from a transcript path relative to the process cwd', async () => {
    const context = await gatherHookContext(
      fixtureInput('stop-no-last-message.json'),
      { env, cwd: FIXTURES_DIR },
      2000,
    );
    expect(context).toEqual({
      cwd: '/home/dev/projects/api-server',
      project: 'api-server',
      hostname: expect.any(String),
      tmux: undefined,
      reply: BASIC_TRANSCRIPT_REPLY,
    });
  });

  it('prefers last_assistant_message to the transcript', async () => {
    const input = { ...fixtureInput('stop-no-last-message.json'), last_assistant_message: 'Done.' };
    const context = await gatherHookContext(input, { env, cwd: FIXTURES_DIR }, 2000);
    expect(context.reply).toBe('Done.');
  });

  it('uses the process cwd when the input has none, and the tmux pane from the environment', async () => {
    const context = await gatherHookContext(
      {},
      { env: { ...env, TMUX: '/nonexistent/socket,1,0', TMUX_PANE: '%5' }, cwd: FIXTURES_DIR },
      2000,
    );
    expect(context.cwd).toBe(FIXTURES_DIR);
    expect(context.tmux).toEqual({ pane: '%5' });
    expect(context.reply).toBeNull();
  });
});
