/** The command menu Telegram shows (setMyCommands), in the order shown. */
export const BOT_COMMANDS = [
  { command: 'sessions', description: 'Live Claude sessions, by server' },
  { command: 'cmd', description: 'Type into a session: /cmd kr4:1 your text' },
  { command: 'output', description: "A session's screen: /output kr4:1 [lines]" },
  { command: 'esc', description: 'Press Escape in a session: interrupts Claude' },
  { command: 'servers', description: 'Every server, reachable or not, with SSH round trip' },
  { command: 'help', description: 'How to answer Claude from here' },
] as const;

/** Commands with a handler; anything else that looks like a command is not ours. */
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set([
  ...BOT_COMMANDS.map((entry) => entry.command),
  'start',
]);

/**
 * The only updates the bot asks Telegram for: messages and button presses. Edits of old
 * messages must not type again.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
