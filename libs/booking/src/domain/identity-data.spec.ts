import { findIdentityData } from './identity-data';

describe('identity data in booking text (Art. 17)', () => {
  it.each([
    ['联系人 13812345678', 'phone number'],
    ['call +86 138-1234-5678', 'phone number'],
    ['身份证 33040219900101123X', 'identity-card number'],
    ['330402199001011234', 'identity-card number'],
    ['mail alice@example.edu.cn please', 'e-mail address'],
  ])('finds %j', (text, kind) => {
    expect(findIdentityData(text)).toBe(kind);
  });

  it.each(['表征纳米颗粒形貌', 'XRD of 3 powder samples, 20 mg each', 'model JSM-7800F, serial 202612345678901234567', 'batch 2026-12-01 lot 13812'])(
    'passes %j',
    (text) => {
      expect(findIdentityData(text)).toBeUndefined();
    },
  );
});
