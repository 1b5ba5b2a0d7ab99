import { area } from './area';

export default area(
  {
    'unit.title': '本单位仪器',
    'unit.placeholder': '单位管理员的页面（我的仪器、批量导入、待审批预约、合规提醒、闲置仪器）正在建设中。',
  },
  {
    'unit.title': 'My unit',
    'unit.placeholder': "The unit admin's pages (my instruments, import, bookings to approve, compliance reminders, idle offers) are being built.",
  },
);
