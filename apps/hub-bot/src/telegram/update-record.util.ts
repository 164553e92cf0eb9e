import type { SessionView } from '@ccr/session-domain';
import { parseCallbackData, type CallbackAction } from '@ccr/telegram-format';
import type { Logger } from 'pino';
import type { Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import { parseCommandText } from './command-text.util';

export type UpdateOutcome = 'ok' | 'duplicate' | 'refused' | 'ignored' | 'failed';

/**
 * What the one log line of an update says (its logger carries update_id); never the text the
 * user typed, only its length.
 */
export interface UpdateLogFields {
  chat_id?: string;
  from_id?: number;
  kind: 'command' | 'reply' | 'text' | 'button' | 'file' | 'voice' | 'other' | 'none';
  /**
   * The command, or for a button what it asks (allow, allow-session, deny; option, done, other
   * under a question; approve, keep under a plan; output, esc, new, stop, trust); for a reply
   * to a question or a plan, answer or feedback.
   */
  command?: string;
  session?: string;
  server?: string;
  text_length?: number;
  outcome?: UpdateOutcome;
  error_code?: string;
  error?: string;
}

/** Everything known about one update while it is handled, for its log line and its answer. */
export interface UpdateRecord {
  readonly updateId: number;
  readonly chatId: string | undefined;
  /** A child logger carrying update_id, for anything worth a line of its own. */
  readonly log: Logger;
  readonly startedAt: number;
  readonly fields: UpdateLogFields;
  /** The session the update is about, once known: failure answers name its pane. */
  session?: SessionView;
  /**
   * What a failure left as it was, in the words of the update's work ("Nothing was started."),
   * for failure answers; "Nothing was sent to the pane." unless a handler says otherwise.
   */
  untouched?: string;
  /** An error nobody planned for, logged with its stack. */
  unexpected?: unknown;
}

const RECORD = Symbol('updateRecord');

type RecordHolder = { [RECORD]?: UpdateRecord };

/** The chat an update came from, whatever its kind. */
export function chatIdOf(update: Update): string | undefined {
  // Every kind of update keeps its chat in one of these places; the union type lists them all.
  const u = update as unknown as Partial<
    Record<string, { chat?: { id?: number }; message?: { chat?: { id?: number } } }>
  >;
  const chat =
    u['message']?.chat ??
    u['edited_message']?.chat ??
    u['channel_post']?.chat ??
    u['edited_channel_post']?.chat ??
    u['my_chat_member']?.chat ??
    u['chat_member']?.chat ??
    u['callback_query']?.message?.chat;
  return chat?.id === undefined ? undefined : String(chat.id);
}

function buttonCommand(action: CallbackAction | null): string {
  if (action === null) return 'unknown';
  switch (action.kind) {
    case 'permission':
    case 'plan':
      return action.decision;
    case 'question':
      return action.press.kind;
    case 'output':
    case 'esc':
    case 'new':
    case 'stop':
    case 'trust':
      return action.kind;
  }
}

function describe(update: Update): Pick<UpdateLogFields, 'kind' | 'command' | 'from_id'> {
  if ('callback_query' in update) {
    const query = update.callback_query;
    const action = 'data' in query ? parseCallbackData(query.data) : null;
    return { kind: 'button', command: buttonCommand(action), from_id: query.from.id };
  }
  if (!('message' in update)) return { kind: 'other' };
  const message = update.message;
  const from_id = message.from?.id;
  if ('photo' in message || 'document' in message) return { kind: 'file', from_id };
  if ('voice' in message) return { kind: 'voice', from_id };
  if (!('text' in message)) return { kind: 'other', from_id };
  const command = parseCommandText(message.text);
  if (command) return { kind: 'command', command: command.name, from_id };
  return { kind: message.reply_to_message ? 'reply' : 'text', from_id };
}

export function createUpdateRecord(update: Update, root: Logger, now = Date.now()): UpdateRecord {
  const chatId = chatIdOf(update);
  return {
    updateId: update.update_id,
    chatId,
    log: root.child({ update_id: update.update_id }),
    startedAt: now,
    fields: {
      ...(chatId === undefined ? {} : { chat_id: chatId }),
      ...describe(update),
    },
  };
}

export function attachUpdateRecord(ctx: Context, record: UpdateRecord): void {
  (ctx as Context & RecordHolder)[RECORD] = record;
}

/** The record of the update a handler is working on. */
export function updateRecordOf(ctx: Context): UpdateRecord {
  const record = (ctx as Context & RecordHolder)[RECORD];
  if (!record) throw new Error('No update record: the update-log middleware must come first');
  return record;
}

/** Notes the session an update is about, for the log line and for failure answers. */
export function noteSession(record: UpdateRecord, session: SessionView): void {
  record.session = session;
  record.fields.session = session.name;
  record.fields.server = session.serverId;
}
