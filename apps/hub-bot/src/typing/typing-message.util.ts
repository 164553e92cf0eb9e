import type { SessionView } from '@ccr/session-domain';
import { code, escapeHtml } from '../replies/html.util';

/** What a person calls characters: an emoji is one, whatever UTF-16 makes of it. */
export function countCharacters(text: string): number {
  return Array.from(text).length;
}

export function typedHtml(session: SessionView, text: string): string {
  const characters = countCharacters(text);
  const lines = text.split('\n').length;
  const shape = `${characters} character${characters === 1 ? '' : 's'}${lines > 1 ? ` on ${lines} lines` : ''}`;
  return `✅ Sent to ${code(session.name)} · ${escapeHtml(session.project)}: ${shape}, then Enter.`;
}

export function escapedHtml(session: SessionView): string {
  return `⎋ Pressed Escape in ${code(session.name)} · ${escapeHtml(session.project)}: Claude stops what it was doing.`;
}

export const HOW_TO_ANSWER =
  `To answer Claude, reply to its notification, or use ${code('/cmd kr4:1 your text')}. ` +
  '/help says more.';
