import type { MigrationInterface, QueryRunner } from 'typeorm';
import { continueIdentityAfterCopy, migrationSql } from '../lib/engine-dialect.util';

const OUTBOX_COLUMNS_BEFORE = `"id", "chat_id", "notification_id", "text", "status", "attempts", "next_attempt_at", "last_error", "telegram_message_id", "created_at", "sent_at"`;

async function createOutboxIndexes(queryRunner: QueryRunner): Promise<void> {
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

/**
 * Permission requests waiting for a remote Allow / Allow for session / Deny, and outbox rows
 * that send such a request or edit its message once it is closed.
 *
 * The outbox is rebuilt rather than altered: its content check ("a notification or a text")
 * would refuse a permission row, and SQLite cannot change a check in place. ALTER TABLE ADD
 * COLUMN would keep that old check. Nothing references the outbox, so dropping it is safe with
 * foreign keys on; its rows keep their ids. Foreign keys stay on one line (see the first
 * migration).
 */
export class PermissionRequests1795700000000 implements MigrationInterface {
  name = 'PermissionRequests1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "permission_requests" (
        ${sql.idColumn},
        "request_id" text NOT NULL,
        "session_id" integer NOT NULL,
        "tool_name" text NOT NULL,
        "tool_input" text NOT NULL,
        "suggestions" text NOT NULL,
        "permission_mode" text,
        "status" text NOT NULL,
        "decided_by" text,
        "decided_at" bigint,
        "created_at" bigint NOT NULL,
        "expires_at" bigint NOT NULL,
        CONSTRAINT "UQ_permission_requests_request_id" UNIQUE ("request_id"),
        CONSTRAINT "CHK_permission_requests_status" CHECK ("status" IN ('pending', 'allow', 'allow-session', 'deny', 'expired', 'answered-on-server')),
        CONSTRAINT "FK_permission_requests_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_permission_requests_session_status" ON "permission_requests" ("session_id", "status")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_permission_requests_status_expires" ON "permission_requests" ("status", "expires_at")`,
    );

    await queryRunner.query(
      `CREATE TABLE "outbox_next" (
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
        "kind" text NOT NULL DEFAULT ('message'),
        "permission_id" integer,
        CONSTRAINT "CHK_outbox_status" CHECK ("status" IN ('pending', 'sent', 'failed')),
        CONSTRAINT "CHK_outbox_kind" CHECK ("kind" IN ('message', 'permission', 'permission-outcome')),
        CONSTRAINT "CHK_outbox_content" CHECK (("kind" = 'message' AND ("notification_id" IS NOT NULL OR "text" IS NOT NULL)) OR ("kind" <> 'message' AND "permission_id" IS NOT NULL)),
        CONSTRAINT "FK_outbox_notification_id" FOREIGN KEY ("notification_id") REFERENCES "notifications" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "FK_outbox_permission_id" FOREIGN KEY ("permission_id") REFERENCES "permission_requests" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "outbox_next" (${OUTBOX_COLUMNS_BEFORE}) SELECT ${OUTBOX_COLUMNS_BEFORE} FROM "outbox"`,
    );
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`ALTER TABLE "outbox_next" RENAME TO "outbox"`);
    await continueIdentityAfterCopy(queryRunner, 'outbox');
    await createOutboxIndexes(queryRunner);
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_permission_id" ON "outbox" ("permission_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "outbox_previous" (
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
    // Permission rows have no place in the old table; they go with the requests.
    await queryRunner.query(
      `INSERT INTO "outbox_previous" (${OUTBOX_COLUMNS_BEFORE}) SELECT ${OUTBOX_COLUMNS_BEFORE} FROM "outbox" WHERE "kind" = 'message'`,
    );
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`ALTER TABLE "outbox_previous" RENAME TO "outbox"`);
    await continueIdentityAfterCopy(queryRunner, 'outbox');
    await createOutboxIndexes(queryRunner);
    await queryRunner.query(`DROP TABLE "permission_requests"`);
  }
}
