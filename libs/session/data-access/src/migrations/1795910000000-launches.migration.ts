import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from '../lib/engine-dialect.util';

/**
 * The tmux windows hub-bot opened with /new: where, for whom, the first prompt still to type,
 * how the start went, and the session the Claude in it became. A session whose pane is not here
 * was started by hand, and /stop asks before ending it. The foreign key stays on one line (see
 * the first migration).
 */
export class Launches1795910000000 implements MigrationInterface {
  name = 'Launches1795910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "launches" (
        ${sql.idColumn},
        "server_id" text NOT NULL,
        "folder" text NOT NULL,
        "tmux_session" text NOT NULL,
        "tmux_window" text NOT NULL,
        "tmux_pane" text NOT NULL,
        "first_prompt" text,
        "chat_id" text NOT NULL,
        "requested_by" text,
        "status" text NOT NULL,
        "session_id" integer,
        "created_at" bigint NOT NULL,
        "closed_at" bigint,
        CONSTRAINT "CHK_launches_status" CHECK ("status" IN ('starting', 'trust', 'started', 'failed', 'cancelled')),
        CONSTRAINT "FK_launches_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_launches_server_pane" ON "launches" ("server_id", "tmux_pane")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_launches_session_id" ON "launches" ("session_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "launches"`);
  }
}
