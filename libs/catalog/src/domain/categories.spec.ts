import { CATEGORIES, CATEGORY_CLASSES, categoryPath, findCategory, isValidCategoryCode, subCategoriesOf } from './categories';

const NATIONAL_CLASSES = [
  '分析仪器',
  '物理性能测试仪器',
  '计量仪器',
  '电子测量仪器',
  '海洋仪器',
  '地球探测仪器',
  '大气探测仪器',
  '天文仪器',
  '医学诊断仪器',
  '核仪器',
  '特种检测仪器',
  '工艺实验设备',
  '计算机及其配套设备',
  '激光器',
  '其他仪器',
];

describe('national instrument categories', () => {
  it('has the 15 national classes, coded 01..15 in the national order', () => {
    expect(CATEGORY_CLASSES.map((c) => c.name)).toEqual(NATIONAL_CLASSES);
    expect(CATEGORY_CLASSES.map((c) => c.code)).toEqual(NATIONAL_CLASSES.map((_, i) => String(i + 1).padStart(2, '0')));
  });

  it('has unique codes', () => {
    const codes = CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives every sub-class an existing class as parent, with the parent code as prefix', () => {
    for (const c of CATEGORIES.filter((x) => x.parent !== null)) {
      expect(c.code).toMatch(/^\d{4}$/);
      expect(findCategory(c.parent!)?.parent).toBeNull();
      expect(c.code.slice(0, 2)).toBe(c.parent);
    }
  });

  it('ends every class with an xx99 其他 sub-class and has names in both languages', () => {
    for (const cls of CATEGORY_CLASSES) {
      const subs = subCategoriesOf(cls.code);
      expect(subs.length).toBeGreaterThanOrEqual(3);
      expect(subs[subs.length - 1]).toMatchObject({ code: `${cls.code}99`, name: '其他' });
    }
    for (const c of CATEGORIES) {
      expect(c.name.trim()).not.toBe('');
      expect(c.nameEn.trim()).not.toBe('');
    }
  });

  it('keeps the analytical sub-classes of the national table', () => {
    expect(subCategoriesOf('01').map((c) => `${c.code} ${c.name}`)).toEqual([
      '0101 电子光学仪器',
      '0102 质谱仪器',
      '0103 X射线仪器',
      '0104 光谱仪器',
      '0105 色谱仪器',
      '0106 波谱仪器',
      '0107 电化学仪器',
      '0108 显微镜及图像分析仪器',
      '0109 热分析仪器',
      '0110 生化分离分析仪器',
      '0111 环境与农林分析仪器',
      '0112 样品前处理及制备仪器',
      '0199 其他',
    ]);
  });

  it('validates only class and sub-class codes that exist', () => {
    expect(isValidCategoryCode('0101')).toBe(true);
    expect(isValidCategoryCode('01')).toBe(true);
    expect(isValidCategoryCode('1599')).toBe(true);
    for (const bad of ['0113', '16', '1600', '9999', '00', '010', '010101', ' 0101', '0101 ', '', 'ab', 101, null, undefined, {}]) {
      expect(isValidCategoryCode(bad)).toBe(false);
    }
  });

  it('gives the path class then sub-class', () => {
    expect(categoryPath('0105').map((c) => c.name)).toEqual(['分析仪器', '色谱仪器']);
    expect(categoryPath('14').map((c) => c.code)).toEqual(['14']);
    expect(categoryPath('0113')).toEqual([]);
  });

  it('cannot be mutated by callers', () => {
    const sem = findCategory('0101')!;
    expect(() => {
      (sem as { name: string }).name = 'x';
    }).toThrow(TypeError);
    expect(Object.isFrozen(CATEGORIES)).toBe(true);
  });
});
