import { t } from './i18n';
import type { MessageKey } from './messages';

/** Display names of the API's codes, in the current language. */
export const label = {
  region: (code: string) => t(`region.${code}` as MessageKey),
  serviceMode: (code: string) => t(`serviceMode.${code}` as MessageKey),
  feeUnit: (code: string) => t(`feeUnit.${code}` as MessageKey),
  bookingStatus: (code: string) => t(`bookingStatus.${code}` as MessageKey),
  sourceStatus: (code: string) => t(`sourceStatus.${code}` as MessageKey),
};

export const REGIONS = ['jiaxing', 'zhejiang', 'shanghai', 'jiangsu', 'anhui'] as const;
export const SERVICE_MODES = ['self_operated', 'operator_assisted', 'sample_submission'] as const;

/** Element Plus tag colour per booking status. */
export function statusType(status: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  if (status === 'confirmed' || status === 'completed') return 'success';
  if (status === 'awaiting_customs' || status === 'pending_owner' || status === 'forwarding' || status === 'requested') return 'warning';
  if (status === 'rejected' || status === 'failed' || status === 'no_show') return 'danger';
  return 'info';
}
