import { waitFor, type BuiltApp, type ClaudeCodePane } from '@ccr/testing';
import { BotStack, CHAT_ID, type NotifiedSession } from './support/bot-stack';

/** Replicas share the webhook's secret: Telegram sends the one setWebhook gave it last. */
const WEBHOOK_SECRET = 'replicas-share-this-secret-0123456789';

/**
 * Two built hub-bots in webhook mode behind one webhook URL, on one PostgreSQL database, the
 * test playing the load balancer: an update that reaches both (a retry after a timeout, sent to
 * the other replica) is handled once, and updates spread over both are each handled by the one
 * that got it. Runs in the PostgreSQL pass only: replicas need a database both can reach.
 */
describe('two hub-bots in webhook mode on one PostgreSQL database', () => {
  const stack = new BotStack({ webhook: { secret: WEBHOOK_SECRET } });
  let first: BuiltApp;
  let second: BuiltApp;
  let claude: ClaudeCodePane;
  let session: NotifiedSession;

  beforeAll(async () => {
    await stack.start();
    if (stack.database.engine !== 'postgres') {
      throw new Error('replicas run on PostgreSQL: use the e2e target\'s "postgres" configuration');
    }
    first = stack.bot!;
    second = await stack.startBotReplica();
    claude = await stack.startClaude('local', { project: 'replicas' });
    session = await stack.firstTurn(claude, 'local', 'hello to both replicas');
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(() => stack.settleClaudes());

  /** The update's log line from `bot`, once it has one. */
  const outcomeIn = (bot: BuiltApp, updateId: number) =>
    waitFor(() => stack.botLog(bot).find((line) => line['update_id'] === updateId)?.['outcome'], {
      what: `the log line of update ${updateId}`,
    });

  it('both set the one webhook URL with the shared secret', () => {
    const calls = stack.telegram.calls('setWebhook');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.params).toMatchObject({
        url: `${first.url}/telegram/webhook`,
        secret_token: WEBHOOK_SECRET,
      });
    }
    expect(stack.telegram.calls('getUpdates')).toEqual([]);
  });

  it('an update delivered to both at once is handled once: one answer, one prompt typed', async () => {
    const update = {
      ...stack.telegram.messageUpdate(CHAT_ID, `/cmd ${session.name} only once`),
      update_id: 8_000_001,
    };
    const messageId = update.message!.message_id;
    const turn = await stack.turn('local', async () => {
      const delivered = await Promise.all([
        stack.telegram.postToWebhook(update, { to: first.url }),
        stack.telegram.postToWebhook(update, { to: second.url }),
      ]);
      expect(delivered.map((answer) => answer.status)).toEqual([200, 200]);
      await stack.answerTo(messageId);
    });
    const outcomes = [
      await outcomeIn(first, update.update_id),
      await outcomeIn(second, update.update_id),
    ];
    expect(outcomes.sort()).toEqual(['duplicate', 'ok']);
    expect(stack.answersTo(messageId)).toHaveLength(1);
    expect(turn.prompts).toEqual(['only once']);
    expect(stack.model.requests().filter((request) => request.prompt === 'only once')).toHaveLength(
      1,
    );

    // A retry that comes later, to either replica, finds it handled too.
    for (const to of [first.url, second.url]) {
      expect((await stack.telegram.postToWebhook(update, { to })).status).toBe(200);
    }
    const outcomesOfAll = await waitFor(
      () => {
        const lines = [first, second]
          .flatMap((bot) => stack.botLog(bot))
          .filter((line) => line['update_id'] === update.update_id);
        return lines.length === 4 ? lines.map((line) => line['outcome']).sort() : undefined;
      },
      { what: 'the two late retries logged' },
    );
    expect(outcomesOfAll).toEqual(['duplicate', 'duplicate', 'duplicate', 'ok']);
    expect(stack.answersTo(messageId)).toHaveLength(1);
  });

  it('different updates spread over both are each handled, by the replica that got it', async () => {
    const updates = [0, 1, 2, 3].map((i) => ({
      ...stack.telegram.messageUpdate(CHAT_ID, '/sessions'),
      update_id: 8_000_100 + i,
    }));
    const replicaOf = (i: number) => (i % 2 === 0 ? first : second);
    await Promise.all(
      updates.map(async (update, i) => {
        const answer = await stack.telegram.postToWebhook(update, { to: replicaOf(i).url });
        expect(answer.status).toBe(200);
      }),
    );
    for (const [i, update] of updates.entries()) {
      const answer = await stack.answerTo(update.message!.message_id);
      expect(answer.text).toContain(`<code>${session.name}</code> · replicas`);
      expect(stack.answersTo(update.message!.message_id)).toHaveLength(1);
      expect(await outcomeIn(replicaOf(i), update.update_id)).toBe('ok');
    }

    // And a command typed into Claude through the second replica.
    const update = {
      ...stack.telegram.messageUpdate(CHAT_ID, `/cmd ${session.name} through the second`),
      update_id: 8_000_200,
    };
    const turn = await stack.turn('local', async () => {
      expect((await stack.telegram.postToWebhook(update, { to: second.url })).status).toBe(200);
      const answer = await stack.answerTo(update.message!.message_id);
      expect(answer.text).toContain(`✅ Sent to <code>${session.name}</code>`);
    });
    expect(turn.prompts).toEqual(['through the second']);
    expect(stack.botLog(first).some((line) => line['update_id'] === update.update_id)).toBe(false);
  });
});
