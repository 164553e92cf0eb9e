import { ANSWER_TEXT_LIMIT, askedQuestionsOf, type AskedQuestion } from '@ccr/protocol';
import type { QuestionAnswerView } from '@ccr/session-domain';
import { clipText, systemClock, type Clock } from '@ccr/shared-util';
import type { DataSource, EntityManager } from 'typeorm';
import { engineOf, withoutIndex } from './engine-dialect.util';
import { PermissionRequestEntity } from './entities/permission-request.entity';
import { QuestionAnswerEntity } from './entities/question-answer.entity';
import { MAX_DECIDED_BY_CHARS, RequestKindMismatchError } from './permission.store';
import { isOpen, requestById, type PermissionRecord } from './request-query.util';
import { applySignal } from './session-upsert.util';
import { toEpochMs, toSessionView } from './view-mapper.util';
import { WriteConflict, runWriteTransaction } from './write-transaction.util';

export interface AnswerStoreOptions {
  clock?: Clock;
}

/** Why a press or a reply changed nothing. */
export type AnswerRefusal =
  /** The request is no longer pending: its status says how it ended. */
  | 'closed'
  /** Still pending, but its CLI has stopped waiting. */
  | 'expired'
  /** This question has its answer already. */
  | 'answered'
  /** Done with nothing chosen, or a reply with no words. */
  | 'empty';

export interface AnswerResult extends PermissionRecord {
  /** Something was written; the request's messages should show it. */
  changed: boolean;
  /** This answer closed the request: every question is answered, or the plan was decided. */
  completed: boolean;
  refusal?: AnswerRefusal;
}

/** A button or a reply names a question or an option the request does not have. */
export class AnswerOutOfRangeError extends Error {
  override readonly name = 'AnswerOutOfRangeError';
}

/** A question's answer as it is written: the view's columns, times in epoch milliseconds. */
interface AnswerDraft {
  questionIndex: number;
  options: number[];
  otherText: string | null;
  otherAskedAt: number | null;
  answeredBy: string | null;
  answeredAt: number | null;
}

/** What an answer pressed again replaces: all but the key (request, question). */
const ANSWER_COLUMNS = ['options', 'other_text', 'other_asked_at', 'answered_by', 'answered_at'];

type QuestionChange = (
  answer: AnswerDraft,
  question: AskedQuestion,
  nowMs: number,
) => AnswerDraft | AnswerRefusal;

function draftOf(questionIndex: number, view: QuestionAnswerView | undefined): AnswerDraft {
  return {
    questionIndex,
    options: view?.options ?? [],
    otherText: view?.otherText ?? null,
    otherAskedAt: view?.otherAskedAt ? toEpochMs(view.otherAskedAt) : null,
    answeredBy: view?.answeredBy ?? null,
    answeredAt: view?.answeredAt ? toEpochMs(view.answeredAt) : null,
  };
}

function personName(by: string): string | null {
  return by.trim().slice(0, MAX_DECIDED_BY_CHARS) || null;
}

/**
 * What people answer to questions (AskUserQuestion) and plans (ExitPlanMode), press by press,
 * written by hub-bot into the database hub-api reads. A question request is answered (`allow`)
 * when its last question is; a plan is approved (`allow`) or sent back with feedback (`deny`).
 * Only a pending request whose CLI still waits takes an answer; anything else is returned as
 * it is, with the reason (`refusal`). The answer that closes a request sets its session, which
 * was asking, working again, as a permission's answer does.
 */
export class AnswerStore {
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    options: AnswerStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * An option pressed: the answer of a single choice, or toggled in a multiple choice.
   * @throws PermissionNotFoundError, RequestKindMismatchError, AnswerOutOfRangeError
   */
  choose(
    id: number,
    questionIndex: number,
    optionIndex: number,
    by: string,
  ): Promise<AnswerResult> {
    return this.changeQuestion(id, questionIndex, by, (answer, question, nowMs) => {
      if (!Number.isSafeInteger(optionIndex) || !question.options[optionIndex]) {
        throw new AnswerOutOfRangeError(`question ${questionIndex} has no option ${optionIndex}`);
      }
      if (!question.multiSelect) {
        return { ...answer, options: [optionIndex], answeredBy: personName(by), answeredAt: nowMs };
      }
      const options = answer.options.includes(optionIndex)
        ? answer.options.filter((chosen) => chosen !== optionIndex)
        : [...answer.options, optionIndex].sort((a, b) => a - b);
      return { ...answer, options };
    });
  }

  /**
   * Done under a multiple choice: what is chosen is the answer.
   * @throws PermissionNotFoundError, RequestKindMismatchError, AnswerOutOfRangeError
   */
  finish(id: number, questionIndex: number, by: string): Promise<AnswerResult> {
    return this.changeQuestion(id, questionIndex, by, (answer, _question, nowMs) =>
      answer.options.length === 0 && !answer.otherText
        ? 'empty'
        : { ...answer, answeredBy: personName(by), answeredAt: nowMs },
    );
  }

  /**
   * "Other…" pressed: the question's message asks for a reply with the person's own words.
   * @throws PermissionNotFoundError, RequestKindMismatchError, AnswerOutOfRangeError
   */
  askOther(id: number, questionIndex: number, by: string): Promise<AnswerResult> {
    return this.changeQuestion(id, questionIndex, by, (answer, _question, nowMs) => ({
      ...answer,
      otherAskedAt: answer.otherAskedAt ?? nowMs,
    }));
  }

  /**
   * A reply to a question's message: the person's own words are the answer of a single choice,
   * and join the chosen options of a multiple choice (Done then answers it).
   * @throws PermissionNotFoundError, RequestKindMismatchError, AnswerOutOfRangeError
   */
  writeOther(id: number, questionIndex: number, text: string, by: string): Promise<AnswerResult> {
    const words = clipText(text.trim(), ANSWER_TEXT_LIMIT);
    return this.changeQuestion(id, questionIndex, by, (answer, question, nowMs) => {
      if (words === '') return 'empty';
      if (question.multiSelect) return { ...answer, otherText: words };
      return {
        ...answer,
        options: [],
        otherText: words,
        answeredBy: personName(by),
        answeredAt: nowMs,
      };
    });
  }

  /**
   * Approve under a plan: Claude leaves plan mode.
   * @throws PermissionNotFoundError, RequestKindMismatchError
   */
  approvePlan(id: number, by: string): Promise<AnswerResult> {
    return this.changePlan(id, async (manager, nowMs) => {
      await this.updateRequest(manager, id, {
        status: 'allow',
        decidedBy: personName(by),
        decidedAt: nowMs,
      });
      return true;
    });
  }

  /**
   * Keep planning pressed: the plan's message asks for a reply saying what to change.
   * @throws PermissionNotFoundError, RequestKindMismatchError
   */
  askFeedback(id: number): Promise<AnswerResult> {
    return this.changePlan(id, async (manager, nowMs, record) => {
      if (record.request.feedbackAskedAt === null) {
        await this.updateRequest(manager, id, { feedbackAskedAt: nowMs });
      }
      return false;
    });
  }

  /**
   * A reply to a plan's message: the plan goes back to Claude with these words.
   * @throws PermissionNotFoundError, RequestKindMismatchError
   */
  sendBackPlan(id: number, feedback: string, by: string): Promise<AnswerResult> {
    const words = clipText(feedback.trim(), ANSWER_TEXT_LIMIT);
    return this.changePlan(id, async (manager, nowMs) => {
      if (words === '') return 'empty';
      await this.updateRequest(manager, id, {
        status: 'deny',
        feedback: words,
        decidedBy: personName(by),
        decidedAt: nowMs,
      });
      return true;
    });
  }

  private changeQuestion(
    id: number,
    questionIndex: number,
    by: string,
    change: QuestionChange,
  ): Promise<AnswerResult> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      const record = await requestById(manager, id);
      const { request } = record;
      if (request.kind !== 'question') {
        throw new RequestKindMismatchError(id, 'question', request.kind);
      }
      const questions = askedQuestionsOf(request.toolInput) ?? [];
      const question = questions[questionIndex];
      if (!Number.isSafeInteger(questionIndex) || !question) {
        throw new AnswerOutOfRangeError(`request ${id} has no question ${questionIndex}`);
      }
      const closed = this.refusalOf(record, nowMs);
      if (closed) return closed;
      const before = draftOf(
        questionIndex,
        request.answers.find((answer) => answer.questionIndex === questionIndex),
      );
      if (before.answeredAt !== null) {
        return { ...record, changed: false, completed: false, refusal: 'answered' };
      }

      const after = change(before, question, nowMs);
      if (typeof after === 'string') {
        return { ...record, changed: false, completed: false, refusal: after };
      }
      await this.saveAnswer(manager, id, after);
      const answered = new Set(
        request.answers
          .filter((answer) => answer.answeredAt !== null)
          .map((answer) => answer.questionIndex),
      );
      if (after.answeredAt !== null) answered.add(questionIndex);
      const completed = answered.size === questions.length;
      if (completed) {
        await this.updateRequest(manager, id, {
          status: 'allow',
          decidedBy: personName(by),
          decidedAt: nowMs,
        });
      }
      return this.answered(manager, record, completed, nowMs);
    });
  }

  private changePlan(
    id: number,
    change: (
      manager: EntityManager,
      nowMs: number,
      record: PermissionRecord,
    ) => Promise<boolean | AnswerRefusal>,
  ): Promise<AnswerResult> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      const record = await requestById(manager, id);
      if (record.request.kind !== 'plan') {
        throw new RequestKindMismatchError(id, 'plan', record.request.kind);
      }
      const closed = this.refusalOf(record, nowMs);
      if (closed) return closed;
      const outcome = await change(manager, nowMs, record);
      if (typeof outcome === 'string') {
        return { ...record, changed: false, completed: false, refusal: outcome };
      }
      return this.answered(manager, record, outcome, nowMs);
    });
  }

  /** The request as an answer left it; once closed, Claude goes on: its session is working. */
  private async answered(
    manager: EntityManager,
    record: PermissionRecord,
    completed: boolean,
    nowMs: number,
  ): Promise<AnswerResult> {
    const { request } = await requestById(manager, record.request.id);
    const session = completed
      ? await applySignal(manager, request.sessionId, { kind: 'answered' }, new Date(nowMs))
      : null;
    return {
      request,
      session: session ? toSessionView(session) : record.session,
      changed: true,
      completed,
    };
  }

  /** The answer for a request that takes none any more, or null while it is open. */
  private refusalOf(record: PermissionRecord, nowMs: number): AnswerResult | null {
    if (isOpen(record.request, nowMs)) return null;
    const refusal = record.request.status === 'pending' ? 'expired' : 'closed';
    return { ...record, changed: false, completed: false, refusal };
  }

  /**
   * Writes a question's answer as it stands now: one statement that adds the row or replaces
   * it, so that it never meets a row another process added since it looked.
   */
  private async saveAnswer(
    manager: EntityManager,
    permissionId: number,
    answer: AnswerDraft,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(QuestionAnswerEntity)
      .values({
        permissionId,
        questionIndex: answer.questionIndex,
        options: JSON.stringify(answer.options),
        otherText: answer.otherText,
        otherAskedAt: answer.otherAskedAt,
        answeredBy: answer.answeredBy,
        answeredAt: answer.answeredAt,
      })
      .orUpdate(ANSWER_COLUMNS, ['permission_id', 'question_index'])
      .updateEntity(false)
      .execute();
  }

  /**
   * Changes the pending request this transaction locked and read (requestById). Nothing
   * matching means it left `pending` meanwhile, which the lock rules out: the transaction then
   * runs again from the start, and finds the request closed (refusal `closed`) rather than
   * report an answer that was not taken.
   */
  private async updateRequest(
    manager: EntityManager,
    id: number,
    changes: Partial<
      Pick<
        PermissionRequestEntity,
        'status' | 'decidedBy' | 'decidedAt' | 'feedback' | 'feedbackAskedAt'
      >
    >,
  ): Promise<void> {
    const updated = await manager
      .createQueryBuilder()
      .update(PermissionRequestEntity)
      .set(changes)
      .where('id = :id', { id })
      .andWhere(`${withoutIndex(engineOf(manager), 'status')} = 'pending'`)
      .updateEntity(false)
      .execute();
    if (updated.affected !== 1) throw new WriteConflict(`request ${id} closed meanwhile`);
  }
}
