import { area } from './area';

export default area(
  {
    'search.title': '搜索仪器',
  },
  {
    'search.title': 'Search instruments',
  },
);
