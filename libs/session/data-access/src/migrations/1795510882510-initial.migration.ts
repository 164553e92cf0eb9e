import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from '../lib/engine-dialect.util';

/**
 * Sessions, their notifications and the Telegram outbox. Every time is epoch milliseconds in
 * a `bigint` column (files made before PostgreSQL was supported say `integer` there, which
 * SQLite stores and returns the same way). Written by hand for both engines, with what differs
 * from `migrationSql`, and kept equal to the entities by a test.
 *
 * Each foreign key stays on one line: TypeORM finds constraint names in the stored SQL with a
 * one-line pattern, and would otherwise see a difference from the entities where there is none.
 */
export class Initial1795510882510 implements MigrationInterface {
  name = 'Initial1795510882510';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "server_counters" (
        "server_id" text PRIMARY KEY NOT NULL,
        "last_seq" integer NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" (
        ${sql.idColumn},
        "server_id" text NOT NULL,
        "seq" integer NOT NULL,
        "token" text NOT NULL,
        "claude_session_id" text,
        "session_key" text NOT NULL,
        "project" text NOT NULL,
        "cwd" text,
        "hostname" text,
        "tmux_session" text,
        "tmux_window" text,
        "tmux_pane" text,
        "last_type" text NOT NULL,
        "created_at" bigint NOT NULL,
        "last_event_at" bigint NOT NULL,
        "expires_at" bigint NOT NULL,
        CONSTRAINT "UQ_sessions_token" UNIQUE ("token"),
        CONSTRAINT "UQ_sessions_server_seq" UNIQUE ("server_id", "seq")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sessions_live_by_key" ON "sessions" ("server_id", "session_key", "expires_at")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sessions_expires_at" ON "sessions" ("expires_at")`);
    await queryRunner.query(
      `CREATE TABLE "notifications" (
        ${sql.idColumn},
        "session_id" integer NOT NULL,
        "event_id" text,
        "type" text NOT NULL,
        "event" text,
        "message" text,
        "metadata" text NOT NULL,
        "sent_at" bigint,
        "received_at" bigint NOT NULL,
        CONSTRAINT "UQ_notifications_event_id" UNIQUE ("event_id"),
        CONSTRAINT "FK_notifications_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_session_id" ON "notifications" ("session_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" (
        ${sql.idColumn},
        "chat_id" text NOT NULL,
        "notification_id" integer,
        "text" text,
        "status" text NOT NULL,
        "attempts" integer NOT NULL,
        "next_attempt_at" bigint NOT NULL,
        "last_error" text,
        "telegram_message_id" integer,
        "created_at" bigint NOT NULL,
        "sent_at" bigint,
        CONSTRAINT "CHK_outbox_status" CHECK ("status" IN ('pending', 'sent', 'failed')),
        CONSTRAINT "CHK_outbox_content" CHECK ("notification_id" IS NOT NULL OR "text" IS NOT NULL),
        CONSTRAINT "FK_outbox_notification_id" FOREIGN KEY ("notification_id") REFERENCES "notifications" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_due" ON "outbox" ("status", "next_attempt_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_chat_due" ON "outbox" ("chat_id", "status", "next_attempt_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_chat_message" ON "outbox" ("chat_id", "telegram_message_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TABLE "server_counters"`);
  }
}
