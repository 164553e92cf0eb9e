import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each session's state (working, waiting, asking, idle, ended), since when, and the prompt id of
 * the event that set it (see nextSessionStatus). Columns are added rather than the table
 * rebuilt: notifications and permission requests reference sessions, and with foreign keys on,
 * dropping the old table would delete them. Sessions stored before get the state their last
 * notification tells, since the time it came.
 */
export class SessionState1795900000000 implements MigrationInterface {
  name = 'SessionState1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD COLUMN "state" text NOT NULL DEFAULT ('idle') CONSTRAINT "CHK_sessions_state" CHECK ("state" IN ('working', 'waiting', 'asking', 'idle', 'ended'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD COLUMN "state_since" bigint NOT NULL DEFAULT (0)`,
    );
    await queryRunner.query(`ALTER TABLE "sessions" ADD COLUMN "state_prompt_id" text`);
    await queryRunner.query(
      `UPDATE "sessions" SET "state" = CASE "last_type" WHEN 'waiting' THEN 'waiting' WHEN 'permission' THEN 'asking' ELSE 'idle' END, "state_since" = "last_event_at"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "state_prompt_id"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "state_since"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "state"`);
  }
}
