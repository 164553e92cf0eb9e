import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSql } from '../lib/engine-dialect.util';

/**
 * What a person answers to a question or a plan, kept in the database both hub apps share (hub-bot
 * writes each press, hub-api's long poll reads the answers when the request closes):
 *
 * - `question_answers`: one row per question of an AskUserQuestion request, once someone
 *   touched it: the options chosen (a JSON array of indexes, toggled one at a time for a
 *   multiple choice), the words written as its "Other…" answer, and when it was answered.
 * - `permission_requests.feedback` / `feedback_asked_at`: a plan sent back, with what the
 *   person wrote Claude should change, and when Keep planning asked them for it.
 * - `outbox.part`: which of a request's messages a row sends (a question's index), so that a
 *   reply and an edit find their message.
 *
 * Only ADD COLUMN and CREATE TABLE, the same on both engines but for the id column; times are
 * epoch milliseconds in `bigint`; the foreign key stays on one line (see the first migration).
 */
export class RequestAnswers1796100000000 implements MigrationInterface {
  name = 'RequestAnswers1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = migrationSql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "question_answers" (
        ${sql.idColumn},
        "permission_id" integer NOT NULL,
        "question_index" integer NOT NULL,
        "options" text NOT NULL,
        "other_text" text,
        "other_asked_at" bigint,
        "answered_by" text,
        "answered_at" bigint,
        CONSTRAINT "UQ_question_answers_permission_question" UNIQUE ("permission_id", "question_index"),
        CONSTRAINT "FK_question_answers_permission_id" FOREIGN KEY ("permission_id") REFERENCES "permission_requests" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`ALTER TABLE "permission_requests" ADD COLUMN "feedback" text`);
    await queryRunner.query(
      `ALTER TABLE "permission_requests" ADD COLUMN "feedback_asked_at" bigint`,
    );
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "part" integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The rows of a request's later messages would read as its first one: they go.
    await queryRunner.query(`DELETE FROM "outbox" WHERE "part" <> 0`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "part"`);
    await queryRunner.query(`ALTER TABLE "permission_requests" DROP COLUMN "feedback_asked_at"`);
    await queryRunner.query(`ALTER TABLE "permission_requests" DROP COLUMN "feedback"`);
    await queryRunner.query(`DROP TABLE "question_answers"`);
  }
}
