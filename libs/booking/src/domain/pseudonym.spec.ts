import { pseudonymFor } from './pseudonym';

const key = 'k'.repeat(32);

describe('pseudonymFor (Art. 17)', () => {
  it('is stable for one user and partner', () => {
    expect(pseudonymFor('user-1', 'shanghai', key)).toBe(pseudonymFor('user-1', 'shanghai', key));
  });

  it('differs per partner, so platforms cannot link one person', () => {
    expect(pseudonymFor('user-1', 'shanghai', key)).not.toBe(pseudonymFor('user-1', 'jiangsu', key));
  });

  it('cannot be shifted between partner and user (no separator ambiguity)', () => {
    expect(pseudonymFor('b:c', 'a', key)).not.toBe(pseudonymFor('c', 'a:b', key));
  });

  it('is shaped like our pseudonyms and carries neither the user id nor the partner id', () => {
    const p = pseudonymFor('user-0042', 'shanghai', key);
    expect(p).toMatch(/^jx-[A-Za-z0-9_-]{24}$/);
    expect(p).not.toContain('user-0042');
  });
});
