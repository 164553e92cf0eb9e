import { Injectable } from '@nestjs/common';
import { askedQuestionsOf } from '@ccr/protocol';
import { AnswerStore } from '@ccr/session-data-access';
import { escapeHtml, type QuestionPress } from '@ccr/telegram-format';
import { presserName, type Presser } from '../approvals/approval-answer.util';
import type { UpdateRecord } from '../telegram/update-record.util';
import {
  answerOf,
  questionName,
  recordAnswer,
  refusalHtml,
  refusalWords,
  REQUEST_ANSWERS,
} from './request-answer.util';
import { RequestMessages } from './request-messages.service';

/**
 * Answers to Claude's questions (AskUserQuestion), press by press: an option (the answer of a
 * single choice, a toggle of a multiple one), Done, Other… and the reply with one's own words.
 * Each answer is written to the database (AnswerStore), where hub-api's long poll finds the
 * answers once every question has one; the question's message is edited to show it.
 */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly answers: AnswerStore,
    private readonly messages: RequestMessages,
  ) {}

  /** A press on a question's button; resolves with the callback answer's text. */
  async press(
    record: UpdateRecord,
    permissionId: number,
    questionIndex: number,
    press: QuestionPress,
    from: Presser,
  ): Promise<string> {
    const by = presserName(from);
    const result = await recordAnswer(record, () => {
      switch (press.kind) {
        case 'option':
          return this.answers.choose(permissionId, questionIndex, press.optionIndex, by);
        case 'done':
          return this.answers.finish(permissionId, questionIndex, by);
        case 'other':
          return this.answers.askOther(permissionId, questionIndex, by);
      }
    });
    if (typeof result === 'string') return result;
    const refused = refusalWords(result, questionIndex);
    if (refused !== null) return refused;
    await this.messages.refresh(record.log, result, result.completed ? undefined : [questionIndex]);
    if (press.kind === 'other') return REQUEST_ANSWERS.replyForOther;
    const answer = result.request.answers.find((a) => a.questionIndex === questionIndex);
    if (answer?.answeredAt === null && press.kind === 'option') {
      return `${answer.options.includes(press.optionIndex) ? 'Chosen' : 'Not chosen'}; press Done when it is all chosen`;
    }
    return `Answered: ${answerOf(result.request, questionIndex) ?? ''}`;
  }

  /**
   * A reply to a question's message: the person's own words. Resolves with the HTML to answer
   * the reply with.
   */
  async reply(
    record: UpdateRecord,
    permissionId: number,
    questionIndex: number,
    text: string,
    from: Presser,
  ): Promise<string> {
    const result = await recordAnswer(record, () =>
      this.answers.writeOther(permissionId, questionIndex, text, presserName(from)),
    );
    if (typeof result === 'string') return refusalHtml(result);
    const refused = refusalWords(result, questionIndex);
    if (refused !== null) return refusalHtml(refused);
    await this.messages.refresh(record.log, result, result.completed ? undefined : [questionIndex]);
    const name = `<b>${escapeHtml(questionName(result.request, questionIndex))}</b>`;
    const answered = result.request.answers.find((a) => a.questionIndex === questionIndex);
    if (answered?.answeredAt === null) {
      return `☑ Added your words to ${name}: press Done when it is all chosen.`;
    }
    const several = (askedQuestionsOf(result.request.toolInput)?.length ?? 1) > 1;
    const done = result.completed && several ? ' Claude has every answer now.' : '';
    return `✅ Your answer to ${name}: ${escapeHtml(answerOf(result.request, questionIndex) ?? text)}.${done}`;
  }
}
