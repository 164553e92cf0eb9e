import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telegram updates hub-bot has taken on, so that one delivered again (a webhook retry, a
 * restart before the polling offset was confirmed) is not handled twice. Rows are pruned
 * after a day; Telegram gives up redelivering long before.
 */
export class ProcessedUpdates1795600000000 implements MigrationInterface {
  name = 'ProcessedUpdates1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "processed_updates" (
        "update_id" integer PRIMARY KEY NOT NULL,
        "handled_at" bigint NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_processed_updates_handled_at" ON "processed_updates" ("handled_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "processed_updates"`);
  }
}
