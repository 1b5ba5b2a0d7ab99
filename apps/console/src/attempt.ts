import type { Ref } from 'vue';

/**
 * Runs one piece of work against the API with the page's error and busy flags around it: a refusal
 * lands in `error` (shown by <ProblemAlert>) instead of escaping, and `busy` is true meanwhile.
 */
export async function attempt<T>(error: Ref<unknown>, busy: Ref<boolean> | undefined, work: () => Promise<T>): Promise<T | undefined> {
  if (busy) busy.value = true;
  error.value = undefined;
  try {
    return await work();
  } catch (e) {
    error.value = e;
    return undefined;
  } finally {
    if (busy) busy.value = false;
  }
}
