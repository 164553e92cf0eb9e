import { BOT_COMMANDS } from '../telegram/bot-commands.constant';
import { bold, code, escapeHtml } from '../replies/html.util';

/** /help and /start: what the bot does and how to use each command. */
export function formatHelpMessage(ttlHours: number, voice = false): string {
  const commands = BOT_COMMANDS.map(
    (entry) => `/${entry.command} — ${escapeHtml(entry.description)}`,
  ).join('\n');
  return [
    `🤖 ${bold('Claude Code Remote')}`,
    'I tell you when Claude finishes, waits or asks on your servers, and type your answers into its tmux pane.',
    '',
    `${bold('Answer Claude')}: reply to its notification with your text, or send ${code('/cmd kr4:1 your text')}. ` +
      'The text is typed exactly as written, line breaks included, then Enter is pressed.',
    `A session is named like ${code('kr4:1')} (server and number) and has an 8-character token that works too. ` +
      `It lasts ${ttlHours} h after its last event.`,
    `${bold('Buttons')}: ✅ Allow, ✅ Allow for session or ⛔ Deny under a permission request answer it; ` +
      '📄 Output, ⎋ Esc and ⏹ Stop under a notification or a session do what /output, /esc and /stop do for it.',
    `${bold('Questions')}: tap an option (several, then ✔️ Done, where Claude allows several), ` +
      'or reply to the question with your own words. ' +
      `${bold('Plans')}: ✅ Approve, or ✏️ Keep planning and reply to the plan with what to change.`,
    'Answered in the terminal, or not in time, a request says so and its buttons go.',
    `${bold('Quiet')}: ${code('/quiet 22:00-07:00')} holds notifications at night and sends one digest in the morning; ` +
      `requests you must answer still come, silently. ${code('/mute kr4 2h')} does the same for a server or a session for a while. ` +
      'A session you are typing in (in its tmux) is not notified. /status shows all of it.',
    `${bold('Floods')}: a session's notifications that wait collapse to its latest; many sessions at once come as one digest.`,
    `${bold('Files')}: send a photo or a file as a reply to a notification, or with the caption ` +
      `${code('/cmd kr4:1 what is wrong here?')}: it is saved on that server in ` +
      `${code('~/.cache/ccr/inbox/kr4:1/')} and its path is typed after your words, so Claude reads it ` +
      `(at most 20 MB). ${code('/get kr4:1 path')} sends a file back: from the session's folder ` +
      'or the inbox, at most 50 MB.',
    `${bold('Voice')}: reply to a notification with a voice message: it is transcribed, typed as ` +
      `a prompt and shown to you. ${voice ? 'Transcription is on.' : `Transcription is off until ${code('STT_URL')} is set.`}`,
    `${bold('Fleet')}: ${code('/new kr4 ~/webapp fix the tests')} starts Claude in that folder on kr4 ` +
      '(in the tmux session the hub owns there) and types the first prompt once it is up; ' +
      `${code('/new kr4')} offers the server's projects. ${code('/stop kr4:1')} ends a session as at ` +
      'the terminal (Escape, then /exit). /sessions shows what each one is doing: working, ' +
      'waiting for input, asking, idle or ended.',
    '',
    commands,
  ].join('\n');
}
