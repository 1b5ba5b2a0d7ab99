import type { RollupUsageUseCase } from '@app/usage';

/**
 * Drains the usage rollups until no stale mark is left. The queued rollup job may hold some marks
 * (its batch takes them FOR UPDATE SKIP LOCKED) while a test drains: one `execute()` can then
 * return before those days are written, and a report read next misses them.
 */
export async function settleRollups(rollup: RollupUsageUseCase): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await rollup.execute()) === 0 && (await rollup.backlog()) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`usage rollups still have ${await rollup.backlog()} stale marks after 20 s`);
}
