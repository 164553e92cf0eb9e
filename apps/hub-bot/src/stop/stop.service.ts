import { Injectable } from '@nestjs/common';
import { isIdleScreen, isTurnRunning, promptBoxOf } from '@ccr/claude-screen';
import { LaunchStore, SessionStore, type LaunchView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { pollUntil } from '@ccr/shared-util';
import { TmuxExecutor } from '@ccr/ssh-executor';
import { typedInto } from '../typing/typed-into.util';
import { PaneTargets, type PaneTarget } from '../executor/pane-targets.service';

/** How long Claude may take to end after /exit: its SessionEnd comes through the hub. */
export const SESSION_END_WAIT_MS = 20_000;
/** How long an interrupted turn, or a dialog closed with Escape, may take to leave the box free. */
const SETTLE_MS = 10_000;
const POLL_MS = 250;
const SCREEN_LINES = 60;
/** Escapes pressed at most: one interrupts a turn or closes a dialog; a second, what it opened. */
const MAX_ESCAPES = 2;

/** What came of a /stop. */
export type StopResult =
  /** The session was started by hand: the chat is asked first. */
  | { kind: 'confirm'; session: SessionView }
  /** SessionEnd came; `window` says what became of the window. */
  | { kind: 'stopped'; session: SessionView; window: 'closed' | 'gone' | 'kept' }
  /** /exit was typed, but no SessionEnd came in time. */
  | { kind: 'no-session-end'; session: SessionView; paneGone: boolean };

/**
 * /stop: ends Claude as a person at the terminal would (Escape to interrupt a turn or close a
 * dialog, the prompt box cleared, then `/exit`), waits for its SessionEnd, and closes its
 * window only when the hub opened it. A session started by hand is stopped only once confirmed.
 */
@Injectable()
export class StopService {
  constructor(
    private readonly targets: PaneTargets,
    private readonly executor: TmuxExecutor,
    private readonly sessions: SessionStore,
    private readonly launches: LaunchStore,
  ) {}

  /** Whether the hub opened the session's window (with /new), and that window is still open. */
  async hubWindowOf(session: SessionView): Promise<LaunchView | null> {
    const launch = await this.launches.ofSession(session.id);
    return launch && launch.closedAt === null ? launch : null;
  }

  async stop(session: SessionView, confirmed: boolean): Promise<StopResult> {
    const target = this.targets.runningTargetOf(session);
    const launch = await this.hubWindowOf(session);
    if (!launch && !confirmed) return { kind: 'confirm', session };

    await this.freePromptBox(target);
    await this.executor.sendText(target.server.executor, target.pane, '/exit', typedInto('/exit'));
    const ended = await this.until(SESSION_END_WAIT_MS, async () => {
      const now = await this.sessions.getById(session.id);
      return now?.state === 'ended' ? now : undefined;
    });
    if (!ended) {
      return {
        kind: 'no-session-end',
        session,
        paneGone: !(await this.executor.paneExists(target.server.executor, target.pane)),
      };
    }
    if (!launch) return { kind: 'stopped', session: ended, window: 'kept' };
    // The window runs Claude alone and goes with it, unless tmux keeps dead panes.
    const closed = await this.executor.killWindow(target.server.executor, target.pane);
    await this.launches.markClosed(launch.id);
    return { kind: 'stopped', session: ended, window: closed ? 'closed' : 'gone' };
  }

  /**
   * Interrupts a turn and closes a dialog (Escape), and empties what someone left typed in the
   * prompt box (Ctrl+U), until the box is free for /exit. Escape is pressed only when there is
   * something to interrupt: twice on an idle box it opens Claude Code's rewind menu.
   */
  private async freePromptBox(target: PaneTarget): Promise<void> {
    for (let escapes = 0; ; escapes += 1) {
      const screen = await this.screen(target);
      const box = promptBoxOf(screen);
      if (box && !isTurnRunning(box)) break;
      if (escapes === MAX_ESCAPES) break;
      await this.executor.sendKeys(target.server.executor, target.pane, ['Escape']);
      await this.until(SETTLE_MS, async () => {
        const now = promptBoxOf(await this.screen(target));
        return now !== undefined && !isTurnRunning(now);
      });
    }
    if (!isIdleScreen(await this.screen(target))) {
      await this.executor.sendKeys(target.server.executor, target.pane, ['C-u']);
      await this.until(SETTLE_MS, async () => isIdleScreen(await this.screen(target)));
    }
  }

  private screen(target: PaneTarget): Promise<string> {
    return this.executor.capturePane(target.server.executor, target.pane, SCREEN_LINES);
  }

  private until<T>(
    ms: number,
    check: () => Promise<T | undefined | false>,
  ): Promise<T | undefined> {
    return pollUntil(check, { timeoutMs: ms, intervalMs: POLL_MS });
  }
}
