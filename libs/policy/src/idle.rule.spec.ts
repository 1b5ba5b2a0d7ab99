import { IDLE_AFTER_MONTHS, assessIdle, idleFromDate, type IdleOutcome } from './idle.rule';

describe('assessIdle (Art. 15: no power-on for one consecutive month)', () => {
  it('one month', () => {
    expect(IDLE_AFTER_MONTHS).toBe(1);
  });

  it.each<[string, string | undefined, string, IdleOutcome, string[]]>([
    ['Art. 15: exactly one month after the last power-on → idle', '2025-01-15', '2025-02-15', 'idle', ['idle.no_power_on', 'idle.lease_or_transfer']],
    ['Art. 15: one day short of a month → active', '2025-01-15', '2025-02-14', 'active', ['idle.active']],
    ['Art. 15: month-end start, Feb clamps → idle on Feb 28', '2025-01-31', '2025-02-28', 'idle', ['idle.no_power_on', 'idle.lease_or_transfer']],
    ['Art. 15: month-end start, Feb 27 → active', '2025-01-31', '2025-02-27', 'active', ['idle.active']],
    ['Art. 15: powered on today → active', '2025-06-01', '2025-06-01', 'active', ['idle.active']],
    ['Art. 15: power-on after as-of → active', '2025-06-10', '2025-06-01', 'active', ['idle.active']],
    ['Art. 15: months without power-on → idle', '2024-11-02', '2025-06-01', 'idle', ['idle.no_power_on', 'idle.lease_or_transfer']],
    ['Art. 15: no usage data → unknown', undefined, '2025-06-01', 'unknown', ['idle.no_usage_data']],
  ])('%s', (_name, lastPowerOnDate, asOf, outcome, codes) => {
    const decision = assessIdle({ lastPowerOnDate }, asOf);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('Art. 15: the idle reason gives the dates, asks for an internal reminder and suggests lease/transfer', () => {
    const [reminder, lease] = assessIdle({ lastPowerOnDate: '2025-01-15' }, '2025-02-15').reasons;
    expect(reminder.message).toBe(
      '最近开机 2025-01-15，截至 2025-02-15 已连续 1 个月未开机（自 2025-02-15 起视为闲置），管理单位应及时进行内部提醒（第十五条）',
    );
    expect(lease.message).toContain('租赁');
    expect(lease.message).toContain('转让');
    expect(lease.messageEn).toContain('lease or transfer');
  });

  it('Art. 15: idleFromDate is one calendar month later', () => {
    expect(idleFromDate('2024-01-30')).toBe('2024-02-29');
  });
});
