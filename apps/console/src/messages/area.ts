/** One area's messages: the English must name every key the Chinese has (the type checker says which is missing). */
export function area<Z extends Record<string, string>>(zh: Z, en: Record<keyof Z, string>): { zh: Z; en: Record<keyof Z, string> } {
  return { zh, en };
}
