import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';
import { PermissionRequestEntity } from './permission-request.entity';

/**
 * A person's answer to one question of an AskUserQuestion request, as it is being given: the
 * options chosen so far, their own words, and once it is complete, who answered and when.
 * Written by hub-bot press by press; read by hub-api when the request is answered, to give
 * the CLI the answers. Times are epoch milliseconds.
 */
@Entity({ name: 'question_answers' })
@Unique('UQ_question_answers_permission_question', ['permissionId', 'questionIndex'])
export class QuestionAnswerEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'permission_id', type: 'integer' })
  permissionId!: number;

  @ManyToOne(() => PermissionRequestEntity, (request) => request.answers, {
    onDelete: 'CASCADE',
    nullable: false,
  })
  @JoinColumn({
    name: 'permission_id',
    foreignKeyConstraintName: 'FK_question_answers_permission_id',
  })
  request?: PermissionRequestEntity;

  /** The question's place in the request's `questions`, from 0. */
  @Column({ name: 'question_index', type: 'integer' })
  questionIndex!: number;

  /** JSON array of the chosen options' indexes, ascending. */
  @Column({ type: 'text' })
  options!: string;

  /** The person's own words ("Other…"), taken from their reply to the question's message. */
  @Column({ name: 'other_text', type: 'text', nullable: true })
  otherText!: string | null;

  /** When "Other…" was pressed: the message then asks for a reply. */
  @Column(epochMsColumn({ name: 'other_asked_at', nullable: true }))
  otherAskedAt!: number | null;

  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy!: string | null;

  /** When the answer was complete (an option of a single choice, Done, or words); null before. */
  @Column(epochMsColumn({ name: 'answered_at', nullable: true }))
  answeredAt!: number | null;
}
