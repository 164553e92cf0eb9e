import type { SessionView } from '@ccr/session-domain';
import type { CallbackAction } from '@ccr/telegram-format';

/** Callback answers (plain text) for the buttons under notifications. */
export const BUTTON_ANSWERS = {
  unknown: 'This button is no longer valid',
  failed: 'That did not work: see the answer below',
  internal: 'Something went wrong; the hub-bot log has the details',
  output: (session: SessionView | undefined) => `Output of ${session?.name ?? 'the session'} below`,
  escaped: (session: SessionView | undefined) =>
    `Pressed Escape in ${session?.name ?? 'the session'}`,
  /** Said at once for a press that waits for Claude; its outcome follows as a message. */
  underWay: (action: Extract<CallbackAction, { kind: 'new' | 'stop' | 'trust' }>) =>
    action.kind === 'new'
      ? 'Starting Claude…'
      : action.kind === 'trust'
        ? action.trust
          ? 'Trusting the folder…'
          : 'Cancelling…'
        : action.step === 'keep'
          ? 'Kept running'
          : 'Stopping…',
} as const;
