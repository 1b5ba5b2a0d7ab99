import { area } from './area';

export default area(
  {
    'customs.title': '海关监管审批',
  },
  {
    'customs.title': 'Customs approvals',
  },
);
