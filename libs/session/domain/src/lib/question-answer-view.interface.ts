/**
 * A person's answer to one question of an AskUserQuestion request, as far as it is given: what
 * the store keeps press by press, and what a question's message shows.
 */
export interface QuestionAnswerView {
  questionIndex: number;
  /** The chosen options' indexes, ascending. */
  options: number[];
  otherText: string | null;
  /** When "Other…" was pressed. */
  otherAskedAt: Date | null;
  answeredBy: string | null;
  /** When the answer was complete; null while options are still being chosen. */
  answeredAt: Date | null;
}
