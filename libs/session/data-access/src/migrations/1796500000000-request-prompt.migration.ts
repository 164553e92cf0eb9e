import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The turn a permission request belongs to: Claude Code's `prompt_id` and the time its hook
 * sent it. An event of an earlier turn that reaches the hub late (spooled while the hub was
 * down) then leaves the request, and its buttons, alone.
 *
 * Only ADD COLUMN, the same on both engines; the time is epoch milliseconds in `bigint`. Rows
 * stored before have neither, and are closed as they were.
 */
export class RequestPrompt1796500000000 implements MigrationInterface {
  name = 'RequestPrompt1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "permission_requests" ADD COLUMN "prompt_id" text`);
    await queryRunner.query(`ALTER TABLE "permission_requests" ADD COLUMN "sent_at" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "permission_requests" DROP COLUMN "sent_at"`);
    await queryRunner.query(`ALTER TABLE "permission_requests" DROP COLUMN "prompt_id"`);
  }
}
