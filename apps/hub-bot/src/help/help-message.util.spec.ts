import { checkTelegramHtml } from '@ccr/testing';
import { formatHelpMessage } from './help-message.util';

describe('formatHelpMessage', () => {
  it('explains answering and lists every command of the menu', () => {
    const html = formatHelpMessage(24);
    for (const command of [
      '/sessions',
      '/cmd',
      '/output',
      '/get',
      '/esc',
      '/new',
      '/stop',
      '/servers',
      '/quiet',
      '/mute',
      '/unmute',
      '/presence',
      '/status',
      '/help',
    ]) {
      expect(html).toContain(`\n${command} — `);
    }
    expect(html).toContain('reply to its notification');
    expect(html).toContain('It lasts 24 h after its last event.');
    expect(html).toContain('Allow for session');
    expect(html).toContain('Output, ⎋ Esc and ⏹ Stop');
    expect(html).toContain('<code>/new kr4 ~/webapp fix the tests</code> starts Claude');
    expect(html).toContain('<code>/stop kr4:1</code> ends a session');
    expect(html).toContain('<code>/quiet 22:00-07:00</code> holds notifications at night');
    expect(checkTelegramHtml(html).problems).toEqual([]);
    expect(html).toContain('reply to the question with your own words');
    expect(html).toContain('Keep planning and reply to the plan');
  });

  it('says how to send files and voice, and whether transcription is on', () => {
    const off = formatHelpMessage(24);
    expect(off).toContain('<code>/cmd kr4:1 what is wrong here?</code>');
    expect(off).toContain('<code>~/.cache/ccr/inbox/kr4:1/</code>');
    expect(off).toContain('<code>/get kr4:1 path</code>');
    expect(off).toContain('Transcription is off until <code>STT_URL</code> is set.');
    expect(formatHelpMessage(24, true)).toContain('Transcription is on.');
  });
});
