import type { MigrationInterface, QueryRunner } from 'typeorm';
import { continueIdentityAfterCopy, migrationSql } from '../lib/engine-dialect.util';

/** The outbox's columns before this migration, in the order they were created. */
const OUTBOX_COLUMNS_BEFORE = `"id", "chat_id", "notification_id", "text", "status", "attempts", "next_attempt_at", "last_error", "telegram_message_id", "created_at", "sent_at", "kind", "permission_id"`;

async function createOutboxIndexes(queryRunner: QueryRunner, withNew: boolean): Promise<void> {
  await queryRunner.query(
    `CREATE INDEX "IDX_outbox_due" ON "outbox" ("status", "next_attempt_at")`,
  );
  await queryRunner.query(
    `CREATE INDEX "IDX_outbox_chat_due" ON "outbox" ("chat_id", "status", "next_attempt_at")`,
  );
  await queryRunner.query(
    `CREATE INDEX "IDX_outbox_chat_message" ON "outbox" ("chat_id", "telegram_message_id")`,
  );
  await queryRunner.query(`CREATE INDEX "IDX_outbox_permission_id" ON "outbox" ("permission_id")`);
  if (!withNew) return;
  await queryRunner.query(
    `CREATE INDEX "IDX_outbox_session_open" ON "outbox" ("session_id", "chat_id", "status")`,
  );
  await queryRunner.query(`CREATE INDEX "IDX_outbox_superseded_by" ON "outbox" ("superseded_by")`);
}

/**
 * Latest state wins, and quiet hours. Outbox rows learn their session (so that a newer
 * notification of a session supersedes the ones still waiting), how many older ones each
 * stands for (`merged_count`), which row superseded them (`superseded_by`), and the statuses
 * `sending` (claimed by the sender), `held` (quiet hours or a mute), `superseded` and `skipped`
 * (the person was at the terminal); `quiet_reason` and `silent` say why a row was held,
 * skipped or sent without sound. `chat_settings` and `mutes` keep what each chat chose.
 *
 * The outbox is rebuilt, as SQLite changes a CHECK no other way (see the permission
 * migration); every row keeps its id, and gets its session from its notification or request.
 * Foreign keys stay on one line (see the first migration), and a CHECK that ends a table has
 * the table's closing parenthesis right after it: TypeORM reads constraints back from the
 * stored SQL with patterns that expect exactly that, and would otherwise see a difference from
 * the entities where there is none.
 */
export class QuietDelivery1795800000000 implements MigrationInterface {
  name = 'QuietDelivery1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
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
        "session_id" integer,
        "merged_count" integer NOT NULL DEFAULT (0),
        "superseded_by" integer,
        "quiet_reason" text,
        "silent" boolean NOT NULL DEFAULT (${sql.false}),
        CONSTRAINT "CHK_outbox_status" CHECK ("status" IN ('pending', 'sending', 'held', 'sent', 'failed', 'superseded', 'skipped')),
        CONSTRAINT "CHK_outbox_kind" CHECK ("kind" IN ('message', 'permission', 'permission-outcome')),
        CONSTRAINT "CHK_outbox_content" CHECK (("kind" = 'message' AND ("notification_id" IS NOT NULL OR "text" IS NOT NULL)) OR ("kind" <> 'message' AND "permission_id" IS NOT NULL)),
        CONSTRAINT "CHK_outbox_superseded" CHECK (("status" = 'superseded') = ("superseded_by" IS NOT NULL)),
        CONSTRAINT "CHK_outbox_quiet_reason" CHECK ("quiet_reason" IS NULL OR "quiet_reason" IN ('quiet-hours', 'mute', 'presence')),
        CONSTRAINT "FK_outbox_notification_id" FOREIGN KEY ("notification_id") REFERENCES "notifications" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "FK_outbox_permission_id" FOREIGN KEY ("permission_id") REFERENCES "permission_requests" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "FK_outbox_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(
      `INSERT INTO "outbox_next" (${OUTBOX_COLUMNS_BEFORE}, "session_id")
        SELECT ${OUTBOX_COLUMNS_BEFORE.split(', ')
          .map((column) => `"o".${column}`)
          .join(', ')}, COALESCE("n"."session_id", "p"."session_id")
        FROM "outbox" "o"
        LEFT JOIN "notifications" "n" ON "n"."id" = "o"."notification_id"
        LEFT JOIN "permission_requests" "p" ON "p"."id" = "o"."permission_id"`,
    );
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`ALTER TABLE "outbox_next" RENAME TO "outbox"`);
    await continueIdentityAfterCopy(queryRunner, 'outbox');
    await createOutboxIndexes(queryRunner, true);

    await queryRunner.query(
      `CREATE TABLE "chat_settings" (
        "chat_id" text PRIMARY KEY NOT NULL,
        "time_zone" text,
        "quiet_start" integer,
        "quiet_end" integer,
        "quiet_mode" text,
        "quiet_requests" text,
        "presence_window_seconds" integer,
        "presence_mode" text,
        "updated_at" bigint NOT NULL,
        CONSTRAINT "CHK_chat_settings_quiet_hours" CHECK (("quiet_start" IS NULL) = ("quiet_end" IS NULL) AND ("quiet_start" IS NULL OR ("quiet_start" BETWEEN 0 AND 1439 AND "quiet_end" BETWEEN 0 AND 1439 AND "quiet_start" <> "quiet_end"))),
        CONSTRAINT "CHK_chat_settings_quiet_mode" CHECK ("quiet_mode" IS NULL OR "quiet_mode" IN ('hold', 'silent')),
        CONSTRAINT "CHK_chat_settings_quiet_requests" CHECK ("quiet_requests" IS NULL OR "quiet_requests" IN ('silent', 'loud')),
        CONSTRAINT "CHK_chat_settings_presence_mode" CHECK ("presence_mode" IS NULL OR "presence_mode" IN ('hold', 'silent')),
        CONSTRAINT "CHK_chat_settings_presence_window" CHECK ("presence_window_seconds" IS NULL OR "presence_window_seconds" BETWEEN 0 AND 3600))`,
    );
    await queryRunner.query(
      `CREATE TABLE "mutes" (
        ${sql.idColumn},
        "chat_id" text NOT NULL,
        "server_id" text,
        "session_id" integer,
        "until" bigint NOT NULL,
        "created_at" bigint NOT NULL,
        CONSTRAINT "CHK_mutes_target" CHECK ("session_id" IS NULL OR "server_id" IS NOT NULL),
        CONSTRAINT "FK_mutes_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_mutes_chat_until" ON "mutes" ("chat_id", "until")`);
    await queryRunner.query(`CREATE INDEX "IDX_mutes_session_id" ON "mutes" ("session_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
    await queryRunner.query(`DROP TABLE "mutes"`);
    await queryRunner.query(`DROP TABLE "chat_settings"`);
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
        "kind" text NOT NULL DEFAULT ('message'),
        "permission_id" integer,
        CONSTRAINT "CHK_outbox_status" CHECK ("status" IN ('pending', 'sent', 'failed')),
        CONSTRAINT "CHK_outbox_kind" CHECK ("kind" IN ('message', 'permission', 'permission-outcome')),
        CONSTRAINT "CHK_outbox_content" CHECK (("kind" = 'message' AND ("notification_id" IS NOT NULL OR "text" IS NOT NULL)) OR ("kind" <> 'message' AND "permission_id" IS NOT NULL)),
        CONSTRAINT "FK_outbox_notification_id" FOREIGN KEY ("notification_id") REFERENCES "notifications" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "FK_outbox_permission_id" FOREIGN KEY ("permission_id") REFERENCES "permission_requests" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    // The older hub knows three statuses: what waits (claimed or held) is pending to it, and
    // what was superseded or skipped is a row it will not send.
    await queryRunner.query(
      `INSERT INTO "outbox_previous" (${OUTBOX_COLUMNS_BEFORE})
        SELECT ${OUTBOX_COLUMNS_BEFORE.replace(
          '"status"',
          `CASE WHEN "status" IN ('sending', 'held') THEN 'pending' WHEN "status" IN ('superseded', 'skipped') THEN 'failed' ELSE "status" END`,
        )}
        FROM "outbox"`,
    );
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`ALTER TABLE "outbox_previous" RENAME TO "outbox"`);
    await continueIdentityAfterCopy(queryRunner, 'outbox');
    await createOutboxIndexes(queryRunner, false);
  }
}
