import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several hub-api processes sending from one outbox. `outbox_chats` holds, per chat, when its
 * next message may go: the rate limit, a 429's `retry_after`, or "not before the message in
 * flight is answered" (see OutboxStore.takeDue); its row is locked by the look that sends, so
 * one process at a time looks at a chat. `claimed_at` says when a row was claimed, so that a
 * claim left by a process that stopped mid-send is released after a while, by any process.
 */
export class OutboxReplicas1796300000000 implements MigrationInterface {
  name = 'OutboxReplicas1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_chats" (
        "chat_id" text PRIMARY KEY NOT NULL,
        "opens_at" bigint NOT NULL
      )`,
    );
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "claimed_at" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "claimed_at"`);
    await queryRunner.query(`DROP TABLE "outbox_chats"`);
  }
}
