import { Injectable } from '@nestjs/common';
import { TmuxExecutor } from '@ccr/ssh-executor';
import type { PaneTarget } from '../executor/pane-targets.service';
import { typedInto } from './typed-into.util';

/** Typing and key presses: one call each into the shared executor, whose SSH connection stays open. */
@Injectable()
export class TypingService {
  constructor(private readonly executor: TmuxExecutor) {}

  /**
   * Types the text and presses Enter once Claude Code's prompt box shows it; resolves once
   * tmux has taken both.
   */
  async type(target: PaneTarget, text: string): Promise<void> {
    await this.executor.sendText(target.server.executor, target.pane, text, typedInto(text));
  }

  /** Escape interrupts Claude Code. */
  async interrupt(target: PaneTarget): Promise<void> {
    await this.executor.sendKeys(target.server.executor, target.pane, ['Escape']);
  }
}
