import { area } from './area';

export default area(
  {
    'commission.title': '监测看板',
    'commission.placeholder': '发改委与主管部门的看板（跨区域流量、月度趋势、利用率与共享率、同步健康、评价结果）正在建设中。',
  },
  {
    'commission.title': 'Dashboard',
    'commission.placeholder': "The commission's dashboard (cross-region flows, monthly trends, utilisation and sharing rates, sync health, evaluation results) is being built.",
  },
);
