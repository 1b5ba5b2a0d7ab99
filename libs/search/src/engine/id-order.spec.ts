import { IdOrder } from './id-order';

/**
 * Ties between hits are broken by id; the order compares ordinals the way
 * their ids compare, whether they were loaded in id order (compared as
 * ordinals), ranked at a refresh, or added since.
 */
describe('IdOrder', () => {
  const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

  function expectAsIds(order: IdOrder, ids: readonly string[], alive: Uint8Array) {
    for (let a = 0; a < ids.length; a++) {
      for (let b = 0; b < ids.length; b++) {
        if (alive[a] === 0 || alive[b] === 0) continue;
        const want = ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0;
        expect([ids[a], ids[b], sign(order.compare(a, b))]).toEqual([ids[a], ids[b], want]);
      }
    }
  }

  it('compares as the ids do, for a load in id order and everything added after it', () => {
    const ids = ['a01', 'a03', 'a05', 'a07', 'a09'];
    const alive = new Uint8Array(32).fill(1);
    const order = new IdOrder(ids);
    order.refresh(ids.length, alive, true);
    expectAsIds(order, ids, alive);
    // Added later: an id inside the loaded ones, one before them all, one after, and a new version of a03
    // (the old one retired), then ids that happen to continue the ascending run.
    ids.push('a04', 'a00', 'a10', 'a03', 'a11', 'a12');
    alive[1] = 0;
    expectAsIds(order, ids, alive);
    order.refresh(ids.length, alive, true);
    expectAsIds(order, ids, alive);
    ids.push('a13', 'a02');
    expectAsIds(order, ids, alive);
    order.refresh(ids.length, alive, true);
    expectAsIds(order, ids, alive);
  });

  it('compares as the ids do when the load was not in id order', () => {
    const ids = ['b2', 'b1', 'b4', 'b3', 'b0'];
    const alive = new Uint8Array(16).fill(1);
    const order = new IdOrder(ids);
    order.refresh(ids.length, alive, true);
    expectAsIds(order, ids, alive);
    ids.push('b5', 'b6');
    order.refresh(ids.length, alive, true);
    expectAsIds(order, ids, alive);
  });
});
