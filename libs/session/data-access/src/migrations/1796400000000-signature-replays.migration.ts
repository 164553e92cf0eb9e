import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signatures hub-api accepted, until their timestamp leaves the ±300 s window: a request
 * replayed to any hub-api process sharing the database is refused, not only to the one that
 * took it first.
 */
export class SignatureReplays1796400000000 implements MigrationInterface {
  name = 'SignatureReplays1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "signature_replays" (
        "signature" text PRIMARY KEY NOT NULL,
        "expires_at" bigint NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_signature_replays_expires_at" ON "signature_replays" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signature_replays"`);
  }
}
