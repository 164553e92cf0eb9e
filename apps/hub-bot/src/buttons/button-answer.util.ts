import type { SessionView } from '@ccr/session-domain';

/** Callback answers (plain text) for the buttons under notifications. */
export const BUTTON_ANSWERS = {
  unknown: 'This button is no longer valid',
  failed: 'That did not work: see the answer below',
  internal: 'Something went wrong; the hub-bot log has the details',
  output: (session: SessionView | undefined) => `Output of ${session?.name ?? 'the session'} below`,
  escaped: (session: SessionView | undefined) =>
    `Pressed Escape in ${session?.name ?? 'the session'}`,
} as const;
