/** The command menu Telegram shows (setMyCommands), in the order shown. */
export const BOT_COMMANDS = [
  { command: 'sessions', description: 'Live Claude sessions, by server' },
  { command: 'cmd', description: 'Type into a session: /cmd kr4:1 your text' },
  { command: 'output', description: "A session's screen: /output kr4:1 [lines]" },
  { command: 'get', description: "A file from a session's server: /get kr4:1 path" },
  { command: 'esc', description: 'Press Escape in a session: interrupts Claude' },
  { command: 'new', description: 'Start Claude: /new kr4 ~/webapp [first prompt]' },
  { command: 'stop', description: 'End a session as at the terminal: /stop kr4:1' },
  { command: 'servers', description: 'Every server, reachable or not, with SSH round trip' },
  {
    command: 'quiet',
    description: 'Quiet hours: /quiet 22:00-07:00, /quiet tz Europe/Berlin, /quiet off',
  },
  { command: 'mute', description: 'Mute a server or session for a while: /mute kr4 2h' },
  { command: 'unmute', description: 'End a mute: /unmute kr4, or /unmute for all' },
  { command: 'presence', description: 'Quiet while you type in a session: /presence 60, off' },
  { command: 'status', description: 'Quiet hours, mutes and what is held' },
  { command: 'help', description: 'How to answer Claude from here' },
] as const;

/** Commands with a handler; anything else that looks like a command is not ours. */
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set([
  ...BOT_COMMANDS.map((entry) => entry.command),
  'start',
  'settings',
]);

/**
 * The only updates the bot asks Telegram for: messages and button presses. Edits of old
 * messages must not type again.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
