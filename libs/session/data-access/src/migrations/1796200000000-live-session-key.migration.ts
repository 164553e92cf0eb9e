import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `live_key`: the session key of the one session an event with that key goes to, unique per
 * server, and cleared when an expired session gives way to a new one. Two hub-api processes
 * starting a session for the same Claude at once cannot both insert it: the second INSERT adds
 * nothing and runs again to find the first (see upsertSession). The newest session of each key
 * takes it now; a column is added rather than the table rebuilt (see the session-state
 * migration).
 */
export class LiveSessionKey1796200000000 implements MigrationInterface {
  name = 'LiveSessionKey1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" ADD COLUMN "live_key" text`);
    await queryRunner.query(
      `UPDATE "sessions" SET "live_key" = "session_key" WHERE "id" IN (SELECT MAX("id") FROM "sessions" GROUP BY "server_id", "session_key")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_sessions_live_key" ON "sessions" ("server_id", "live_key")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_sessions_live_key"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "live_key"`);
  }
}
