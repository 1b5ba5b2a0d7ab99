/**
 * Why a policy decision came out the way it did. Every decision the gateway
 * shows or enforces carries at least one reason, naming the article of the
 * Jiaxing measures it rests on, in Chinese and English.
 */
export interface Reason {
  /** Article of the measures, e.g. 2, 11, 13. */
  article: number;
  /** Stable machine code, e.g. `scope.value_below_threshold`. */
  code: string;
  /** Chinese message (the measures' own language). */
  message: string;
  /** English message. */
  messageEn: string;
}
