import { Injectable } from '@nestjs/common';
import {
  TRUST_DIALOG_KEYS,
  isIdleScreen,
  isTrustDialog,
  trustDialogChoice,
} from '@ccr/claude-screen';
import { launchSettingsOf } from '@ccr/config';
import { LaunchStore, SessionStore, type LaunchView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { pollUntil } from '@ccr/shared-util';
import { ExecutorError, ExecutorErrorCode, TmuxExecutor } from '@ccr/ssh-executor';
import type { KnownServer } from '../executor/server-registry.service';
import { ServerRegistry } from '../executor/server-registry.service';
import { BotError } from '../replies/bot.error';
import { typedInto } from '../typing/typed-into.util';
import type { FirstPrompt } from './launch-message.util';

/** How long Claude may take, once its window is open, to start (its SessionStart) or ask. */
export const LAUNCH_WAIT_MS = 30_000;
/** How long Claude's prompt box may take to show after its SessionStart. */
export const PROMPT_BOX_WAIT_MS = 20_000;
/** How often the database and the window are looked at meanwhile. */
const POLL_MS = 250;
/** Lines of the screen read to tell a dialog from the prompt box. */
const SCREEN_LINES = 60;
/** A dialog may drop a key that reaches it as it opens: the cursor is moved again, this often. */
const CURSOR_TRIES = 3;
/**
 * How long a key may take to show on the screen before it counts as dropped and is sent again.
 * Generous, because the trust dialog's cursor wraps: a Down sent again while the first is only
 * slow would, once both arrive, put the cursor back on "No, exit" just before Enter.
 */
const CURSOR_WAIT_MS = 10_000;

/** What came of opening a window for Claude, or of answering its trust question. */
export type LaunchResult =
  | { kind: 'started'; launch: LaunchView; session: SessionView; prompt: FirstPrompt; text: string }
  /** Claude asks whether to trust the folder: the chat answers it. */
  | { kind: 'trust'; launch: LaunchView }
  /** Claude exited before it was up. */
  | { kind: 'exited'; launch: LaunchView }
  /** The window runs, but no SessionStart came in time. */
  | { kind: 'silent'; launch: LaunchView }
  /** The trust question was answered no: Claude exited and its window is closed. */
  | { kind: 'cancelled'; launch: LaunchView }
  /** The trust question was answered already, by another press or at the terminal. */
  | { kind: 'over'; launch: LaunchView };

export interface StartRequest {
  server: KnownServer;
  /** One the server allows (chooseFolder). */
  folder: string;
  /** Typed once Claude's prompt box shows; '' for none. */
  prompt: string;
  chatId: string;
  requestedBy: string | undefined;
}

/**
 * /new: opens a window on a server in the tmux session the hub owns, starts Claude Code there
 * and follows it until it is up (its SessionStart names the session), asks whether to trust the
 * folder, or exits; then types the first prompt once the prompt box shows. Each wait is
 * bounded; nothing here holds a chat for longer than LAUNCH_WAIT_MS + PROMPT_BOX_WAIT_MS.
 */
@Injectable()
export class LaunchService {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly executor: TmuxExecutor,
    private readonly launches: LaunchStore,
    private readonly sessions: SessionStore,
  ) {}

  async start(request: StartRequest): Promise<LaunchResult> {
    const { server } = request;
    const settings = launchSettingsOf(server.config);
    const window = await this.executor.openWindow(server.executor, {
      session: settings.tmuxSession,
      folder: request.folder,
      command: settings.claudeCommand,
    });
    const launch = await this.launches.create({
      serverId: server.config.id,
      folder: request.folder,
      tmux: { session: window.session, window: window.window, pane: window.pane },
      firstPrompt: request.prompt,
      chatId: request.chatId,
      requestedBy: request.requestedBy,
    });
    return this.follow(server, launch);
  }

  /**
   * Answers the trust question of a window the hub opened: Trust moves the dialog's cursor to
   * "Yes, I trust this folder" and takes it, then follows Claude as `start` does; Cancel
   * takes Escape, and Claude exits. The first press counts.
   */
  async answerTrust(launchId: number, trust: boolean): Promise<LaunchResult> {
    const launch = await this.launches.get(launchId);
    if (!launch) throw BotError.launchGone();
    const server = this.servers.get(launch.serverId);
    if (!server) throw BotError.launchGone();
    if (!(await this.launches.move(launch.id, ['trust'], trust ? 'starting' : 'cancelled'))) {
      return { kind: 'over', launch };
    }
    const screen = await this.screen(server, launch);
    if (screen === undefined) {
      await this.launches.move(launch.id, ['starting', 'cancelled'], 'failed');
      return { kind: 'exited', launch };
    }
    if (!isTrustDialog(screen)) {
      // Answered at the terminal meanwhile: Claude is up, or on its way out.
      return trust ? this.follow(server, launch) : { kind: 'over', launch };
    }
    if (!trust) {
      await this.executor.sendKeys(server.executor, launch.tmux.pane, [TRUST_DIALOG_KEYS.cancel]);
      await this.closeWindow(server, launch);
      return { kind: 'cancelled', launch };
    }
    await this.confirmTrust(server, launch, screen);
    return this.follow(server, launch);
  }

  /**
   * Takes "Yes, I trust this folder", again if the dialog is still there: a dialog that has
   * just opened may drop a key (as Claude Code's do in their first moment), and nothing but the
   * screen tells.
   */
  private async confirmTrust(
    server: KnownServer,
    launch: LaunchView,
    shown: string,
  ): Promise<void> {
    let screen: string | undefined = shown;
    for (let tries = 0; tries < CURSOR_TRIES && screen && isTrustDialog(screen); tries += 1) {
      if (await this.cursorOnTrust(server, launch, screen)) {
        await this.executor.sendKeys(server.executor, launch.tmux.pane, [
          TRUST_DIALOG_KEYS.confirm,
        ]);
      }
      await this.until(CURSOR_WAIT_MS, async () => {
        screen = await this.screen(server, launch);
        return screen === undefined || !isTrustDialog(screen);
      });
    }
  }

  /**
   * Moves the trust dialog's cursor to "Yes, I trust this folder" and checks that it is there
   * before anything takes it: Enter on the other answer would end Claude. False when the
   * dialog went meanwhile.
   */
  private async cursorOnTrust(
    server: KnownServer,
    launch: LaunchView,
    screen: string,
  ): Promise<boolean> {
    let choice = trustDialogChoice(screen);
    for (let tries = 0; choice === 'exit' && tries < CURSOR_TRIES; tries += 1) {
      await this.executor.sendKeys(server.executor, launch.tmux.pane, [TRUST_DIALOG_KEYS.next]);
      await this.until(CURSOR_WAIT_MS, async () => {
        const now = await this.screen(server, launch);
        choice = now === undefined ? undefined : trustDialogChoice(now);
        return choice !== 'exit';
      });
    }
    return choice === 'trust';
  }

  /** Until Claude is up, asks, exits or the wait is over; then the first prompt. */
  private async follow(server: KnownServer, launch: LaunchView): Promise<LaunchResult> {
    const outcome = await pollUntil<'up' | 'trust' | 'exited'>(
      async () => {
        const current = await this.launches.get(launch.id);
        if (current && current.sessionId !== null) return 'up';
        const screen = await this.screen(server, launch);
        if (screen === undefined) return 'exited';
        return isTrustDialog(screen) ? 'trust' : undefined;
      },
      { timeoutMs: LAUNCH_WAIT_MS, intervalMs: POLL_MS },
    );
    switch (outcome) {
      case 'trust':
        await this.launches.move(launch.id, ['starting'], 'trust');
        return { kind: 'trust', launch };
      case 'exited':
        await this.launches.move(launch.id, ['starting'], 'failed');
        await this.launches.markClosed(launch.id);
        return { kind: 'exited', launch };
      case 'up':
        return this.started(server, launch);
      default:
        return { kind: 'silent', launch };
    }
  }

  /** Claude is up: types the first prompt once its prompt box shows. */
  private async started(server: KnownServer, launch: LaunchView): Promise<LaunchResult> {
    const current = (await this.launches.get(launch.id)) ?? launch;
    const session =
      current.sessionId === null ? null : await this.sessions.getById(current.sessionId);
    if (!session) return { kind: 'silent', launch: current };
    const text = current.firstPrompt ?? '';
    let prompt: FirstPrompt = 'none';
    if (text !== '') {
      const ready = await this.until(PROMPT_BOX_WAIT_MS, async () => {
        const screen = await this.screen(server, current);
        return screen !== undefined && isIdleScreen(screen);
      });
      if (ready) {
        await this.executor.sendText(server.executor, current.tmux.pane, text, typedInto(text));
        prompt = 'typed';
      } else {
        prompt = 'no-prompt-box';
      }
      await this.launches.forgetFirstPrompt(current.id);
    }
    return { kind: 'started', launch: current, session, prompt, text };
  }

  /** Closes a window the hub opened once Claude has had a moment to leave it by itself. */
  private async closeWindow(server: KnownServer, launch: LaunchView): Promise<void> {
    const gone = await this.until(
      5_000,
      async () => (await this.screen(server, launch)) === undefined,
    );
    if (!gone) await this.executor.killWindow(server.executor, launch.tmux.pane);
    await this.launches.markClosed(launch.id);
  }

  /** The window's screen, or undefined once its pane is gone. */
  private async screen(server: KnownServer, launch: LaunchView): Promise<string | undefined> {
    try {
      return await this.executor.capturePane(server.executor, launch.tmux.pane, SCREEN_LINES);
    } catch (error) {
      if (error instanceof ExecutorError && error.code === ExecutorErrorCode.PaneGone) {
        return undefined;
      }
      throw error;
    }
  }

  /** Checks `done` every POLL_MS until it holds (true) or `ms` passed (false). */
  private async until(ms: number, done: () => Promise<boolean>): Promise<boolean> {
    return (await pollUntil(done, { timeoutMs: ms, intervalMs: POLL_MS })) === true;
  }
}
