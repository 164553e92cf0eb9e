import { BOT_COMMANDS } from '../telegram/bot-commands.constant';
import { bold, code, escapeHtml } from '../replies/html.util';

/** /help and /start: what the bot does and how to use each command. */
export function formatHelpMessage(ttlHours: number): string {
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
      `It lasts ${ttlHours} h after its last notification.`,
    `${bold('Buttons')}: ✅ Allow, ✅ Allow for session or ⛔ Deny under a permission request answer it; ` +
      '📄 Output and ⎋ Esc under a notification do what /output and /esc do for its session.',
    '',
    commands,
  ].join('\n');
}
