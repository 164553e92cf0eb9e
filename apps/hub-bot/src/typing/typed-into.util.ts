import { showsTyped } from '@ccr/claude-screen';
import type { SendTextOptions } from '@ccr/ssh-executor';

/**
 * How hub-bot types into Claude Code: Enter waits until the prompt box shows the text (see
 * SendTextOptions.shown), so that a Claude busy drawing reads the text and Enter apart.
 */
export function typedInto(text: string): SendTextOptions {
  return { shown: (screen) => showsTyped(screen, text) };
}
