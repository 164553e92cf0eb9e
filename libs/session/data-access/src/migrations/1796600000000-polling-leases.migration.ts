import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who long-polls a Telegram bot: one row per bot, taken atomically by the hub-bot that starts
 * polling and renewed by its heartbeat, so that a second hub-bot on the same database refuses
 * to start instead of ending the first one's poll. The same SQL on both engines; times are
 * epoch milliseconds in `bigint`.
 */
export class PollingLeases1796600000000 implements MigrationInterface {
  name = 'PollingLeases1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "polling_leases" (
        "lease_key" text PRIMARY KEY NOT NULL,
        "instance_id" text NOT NULL,
        "host" text NOT NULL,
        "pid" integer NOT NULL,
        "since" bigint NOT NULL,
        "heartbeat_at" bigint NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "polling_leases"`);
  }
}
