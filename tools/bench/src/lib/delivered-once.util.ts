import { withPostgres, type FakeTelegramBotApi } from '@ccr/testing';
import type { NotifyThroughput } from './notify-throughput.bench';

export interface DeliveredOnce {
  /** Rows in `notifications`: one per event id. */
  notifications: number;
  sessions: number;
  /** sendMessage calls the fake Bot API answered. */
  sentMessages: number;
  /** Distinct Telegram message ids the outbox rows recorded as theirs. */
  recordedMessages: number;
  /** Rows still claimed when the hubs stopped (a send cut short; not sent twice). */
  sending: number;
  /**
   * Every notification answered 202 is stored, nothing beyond what was sent (a request cut
   * off when the load ended may be stored unanswered), and each Claude session is one session.
   */
  storedOnce: boolean;
  /**
   * Each message Telegram got is the one its rows recorded: a row sent by two replicas would
   * leave a message that no row records.
   */
  sentOnce: boolean;
}

/** Read from the database once the hubs have stopped, against what the load counted. */
export async function checkDeliveredOnce(
  databaseUrl: string,
  telegram: FakeTelegramBotApi,
  load: NotifyThroughput,
): Promise<DeliveredOnce> {
  const counts = await withPostgres(databaseUrl, async (client) => {
    const { rows } = await client.query<{
      notifications: number;
      sessions: number;
      recorded: number;
      sending: number;
    }>(
      `SELECT (SELECT CAST(count(*) AS integer) FROM notifications) AS notifications,
              (SELECT CAST(count(*) AS integer) FROM sessions) AS sessions,
              (SELECT CAST(count(DISTINCT telegram_message_id) AS integer) FROM outbox) AS recorded,
              (SELECT CAST(count(*) AS integer) FROM outbox WHERE status = 'sending') AS sending`,
    );
    return rows[0];
  });
  const sentMessages = telegram.calls('sendMessage').filter((call) => !call.failed).length;
  const stored = counts.notifications - load.seeded;
  return {
    notifications: counts.notifications,
    sessions: counts.sessions,
    sentMessages,
    recordedMessages: counts.recorded,
    sending: counts.sending,
    storedOnce:
      stored >= load.accepted &&
      stored <= load.requestsSent &&
      counts.sessions === load.liveSessions,
    sentOnce: sentMessages === counts.recorded,
  };
}
