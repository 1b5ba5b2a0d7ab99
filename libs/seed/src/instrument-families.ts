import type { FeeUnit, UnitKind } from '@app/catalog';

/**
 * Real instrument families as they appear on Chinese sharing platforms, with
 * the makers and model lines actually sold for them. Search, facets,
 * same-category comparisons (Art. 9–10) and evaluation (Art. 21–23) are only
 * exercised meaningfully when names, categories, makers and prices hang
 * together, so every family pins its national sub-class, a typical price and
 * a fee scale of its own.
 */

/** Country of origin as ISO 3166-1 alpha-2: language-neutral, and `CN` marks domestic makers. */
export type CountryCode = string;

export interface MakerLine {
  manufacturer: string;
  country: CountryCode;
  models: readonly string[];
  /** Relative market share within the family. */
  weight: number;
}

export interface FeeScale {
  unit: FeeUnit;
  /** Range of the internal (owning unit) price per `unit`, CNY. */
  internal: readonly [number, number];
  /** Rounding step of prices, CNY (10 for most; finer for cheap units like node-hours). */
  step: number;
  /** Some families charge a fixed setup (sample preparation, cryogen, alignment). */
  setup?: readonly [number, number];
  note?: string;
}

export interface InstrumentFamily {
  key: string;
  name: string;
  nameEn: string;
  /** National sub-class code (see libs/catalog/src/domain/categories.json). */
  categoryCode: string;
  /** Median purchase value, CNY; values are log-normal around it. */
  medianValueCny: number;
  /** How common the family is per unit kind (relative weights). */
  weights: Readonly<Record<UnitKind, number>>;
  fee: FeeScale;
  /** Probability of offering self_operated, operator_assisted, sample_submission. */
  modes: readonly [number, number, number];
  /** What it is used for (Chinese), for the description. */
  use: string;
  makers: readonly MakerLine[];
}

function w(university: number, institute: number, hospital: number, testing_center: number, enterprise: number): Record<UnitKind, number> {
  return { university, institute, hospital, testing_center, enterprise };
}

function mk(manufacturer: string, country: CountryCode, models: readonly string[], weight = 1): MakerLine {
  return { manufacturer, country, models, weight };
}

const hour = (lo: number, hi: number, extra: Partial<FeeScale> = {}): FeeScale => ({ unit: 'hour', internal: [lo, hi], step: 10, ...extra });
const sample = (lo: number, hi: number, extra: Partial<FeeScale> = {}): FeeScale => ({ unit: 'sample', internal: [lo, hi], step: 10, ...extra });
const item = (lo: number, hi: number, extra: Partial<FeeScale> = {}): FeeScale => ({ unit: 'item', internal: [lo, hi], step: 10, ...extra });
const day = (lo: number, hi: number, extra: Partial<FeeScale> = {}): FeeScale => ({ unit: 'day', internal: [lo, hi], step: 50, ...extra });

// Typical service-mode mixes: imaging/physics instruments are run by trained
// users or staff; routine analysers mostly take submitted samples.
const BY_HOUR = [0.55, 0.9, 0.45] as const;
const STAFF_RUN = [0.2, 0.95, 0.6] as const;
const BY_SAMPLE = [0.15, 0.5, 0.95] as const;
const FIELD = [0.7, 0.75, 0.15] as const;
const CLINICAL = [0, 0.95, 0.5] as const;

export const INSTRUMENT_FAMILIES: readonly InstrumentFamily[] = [
  // ---------------------------------------------------------------- 0101 电子光学仪器
  {
    key: 'fe-sem', name: '场发射扫描电子显微镜', nameEn: 'Field emission scanning electron microscope (FE-SEM)', categoryCode: '0101',
    medianValueCny: 2_800_000, weights: w(9, 9, 0.5, 3, 3), fee: hour(150, 450, { setup: [50, 200], note: '含喷金/喷碳制样' }), modes: BY_HOUR,
    use: '材料表面形貌观察与微区成分（EDS）分析',
    makers: [
      mk('JEOL', 'JP', ['JSM-7800F', 'JSM-7900F', 'JSM-IT800'], 3), mk('Hitachi High-Tech', 'JP', ['Regulus 8100', 'Regulus 8230', 'SU5000', 'SU8600'], 3),
      mk('Carl Zeiss', 'DE', ['GeminiSEM 500', 'Sigma 300', 'Sigma 360'], 3), mk('Thermo Fisher Scientific', 'CZ', ['Apreo 2', 'Quattro S', 'Verios 5 XHR'], 2),
      mk('TESCAN', 'CZ', ['MIRA4', 'CLARA'], 1), mk('中科科仪', 'CN', ['KYKY-EM8000F'], 0.6), mk('国仪量子', 'CN', ['SEM5000X', 'SEM5000Pro'], 0.8),
    ],
  },
  {
    key: 'tem', name: '透射电子显微镜', nameEn: 'Transmission electron microscope (TEM)', categoryCode: '0101',
    medianValueCny: 9_000_000, weights: w(5, 6, 0.5, 0.5, 0.8), fee: hour(400, 1200, { setup: [100, 300], note: '制样费另计' }), modes: STAFF_RUN,
    use: '材料微观结构、晶格像与纳米颗粒的高分辨表征',
    makers: [
      mk('JEOL', 'JP', ['JEM-F200', 'JEM-2100Plus', 'JEM-ARM300F2'], 3), mk('Thermo Fisher Scientific', 'NL', ['Talos F200X G2', 'Tecnai G2 F20', 'Spectra 300'], 3),
      mk('Hitachi High-Tech', 'JP', ['HT7800', 'HF5000'], 1),
    ],
  },
  {
    key: 'fib-sem', name: '聚焦离子束扫描电镜双束系统', nameEn: 'Focused ion beam–SEM dual-beam system (FIB-SEM)', categoryCode: '0101',
    medianValueCny: 12_000_000, weights: w(3, 5, 0, 0.5, 1.5), fee: hour(600, 1500), modes: STAFF_RUN,
    use: 'TEM 样品定点制备、三维重构与微纳加工',
    makers: [
      mk('Thermo Fisher Scientific', 'CZ', ['Helios 5 UX', 'Scios 2'], 3), mk('Carl Zeiss', 'DE', ['Crossbeam 550', 'Crossbeam 350'], 2),
      mk('TESCAN', 'CZ', ['AMBER X', 'SOLARIS'], 1), mk('JEOL', 'JP', ['JIB-4700F'], 1),
    ],
  },
  {
    key: 'epma', name: '电子探针显微分析仪', nameEn: 'Electron probe microanalyser (EPMA)', categoryCode: '0101',
    medianValueCny: 8_000_000, weights: w(2, 4, 0, 1, 0.8), fee: hour(400, 900), modes: STAFF_RUN,
    use: '矿物、金属与陶瓷的微区定量元素分析',
    makers: [mk('JEOL', 'JP', ['JXA-iHP200F', 'JXA-8530F Plus'], 3), mk('Shimadzu', 'JP', ['EPMA-1720HT'], 1), mk('CAMECA', 'FR', ['SXFive FE'], 1)],
  },
  // ---------------------------------------------------------------- 0102 质谱仪器
  {
    key: 'gc-ms', name: '气相色谱-质谱联用仪', nameEn: 'Gas chromatograph–mass spectrometer (GC-MS)', categoryCode: '0102',
    medianValueCny: 1_100_000, weights: w(6, 7, 2, 9, 4), fee: sample(200, 600), modes: BY_SAMPLE,
    use: '挥发性与半挥发性有机物的定性定量分析',
    makers: [
      mk('Agilent Technologies', 'US', ['8890-5977B', '8890-7000D', '8890-7010C'], 4), mk('Shimadzu', 'JP', ['GCMS-QP2020 NX', 'GCMS-TQ8050 NX'], 3),
      mk('Thermo Fisher Scientific', 'US', ['TSQ 9610', 'ISQ 7610', 'Q Exactive GC'], 2), mk('聚光科技', 'CN', ['Mars-6900'], 0.7),
    ],
  },
  {
    key: 'lc-ms', name: '液相色谱-质谱联用仪', nameEn: 'Liquid chromatograph–mass spectrometer (LC-MS)', categoryCode: '0102',
    medianValueCny: 3_200_000, weights: w(7, 8, 4, 7, 3), fee: sample(300, 1000), modes: BY_SAMPLE,
    use: '药物、代谢物、蛋白多肽及痕量污染物的高灵敏定量与结构鉴定',
    makers: [
      mk('Thermo Fisher Scientific', 'DE', ['Q Exactive Plus', 'Orbitrap Exploris 480', 'TSQ Altis Plus', 'Orbitrap Fusion Lumos'], 4),
      mk('Waters', 'GB', ['Xevo TQ-XS', 'Xevo G2-XS QTof', 'SYNAPT XS'], 3), mk('Agilent Technologies', 'US', ['6546 LC/Q-TOF', '6495C Triple Quad'], 2),
      mk('Shimadzu', 'JP', ['LCMS-8060NX', 'LCMS-9030'], 2), mk('SCIEX', 'SG', ['Triple Quad 6500+', 'QTRAP 6500+', 'ZenoTOF 7600'], 3),
      mk('Bruker', 'DE', ['timsTOF Pro 2', 'timsTOF HT'], 1),
    ],
  },
  {
    key: 'icp-ms', name: '电感耦合等离子体质谱仪', nameEn: 'Inductively coupled plasma mass spectrometer (ICP-MS)', categoryCode: '0102',
    medianValueCny: 1_600_000, weights: w(6, 7, 2, 8, 3), fee: sample(150, 500, { note: '按样品计，多元素同测' }), modes: BY_SAMPLE,
    use: '痕量与超痕量元素及同位素比值测定',
    makers: [
      mk('Agilent Technologies', 'JP', ['7900', '8900 ICP-QQQ'], 4), mk('Thermo Fisher Scientific', 'DE', ['iCAP RQ', 'iCAP TQ', 'Element 2'], 3),
      mk('PerkinElmer', 'US', ['NexION 2000', 'NexION 5000'], 2), mk('Shimadzu', 'JP', ['ICPMS-2030'], 1),
      mk('聚光科技', 'CN', ['EXPEC 7000'], 0.8), mk('钢研纳克', 'CN', ['PlasmaMS 300'], 0.6),
    ],
  },
  {
    key: 'maldi-tof', name: '基质辅助激光解吸电离飞行时间质谱仪', nameEn: 'MALDI time-of-flight mass spectrometer (MALDI-TOF MS)', categoryCode: '0102',
    medianValueCny: 3_000_000, weights: w(3, 4, 3, 1, 0.5), fee: sample(100, 400), modes: BY_SAMPLE,
    use: '蛋白、多肽、聚合物分子量测定与微生物鉴定',
    makers: [mk('Bruker', 'DE', ['rapifleX', 'autoflex maX', 'MALDI Biotyper sirius'], 4), mk('Shimadzu', 'GB', ['MALDI-8020', 'AXIMA Performance'], 1)],
  },
  {
    key: 'irms', name: '稳定同位素比质谱仪', nameEn: 'Isotope ratio mass spectrometer (IRMS)', categoryCode: '0102',
    medianValueCny: 2_500_000, weights: w(3, 5, 0, 2, 0.3), fee: sample(150, 400), modes: BY_SAMPLE,
    use: '碳氮氢氧稳定同位素比值测定，用于食品溯源与生态地球化学',
    makers: [mk('Thermo Fisher Scientific', 'DE', ['Delta V Advantage', '253 Plus', 'DELTA Q'], 3), mk('Elementar', 'GB', ['isoprime precisION'], 1)],
  },
  // ---------------------------------------------------------------- 0103 X射线仪器
  {
    key: 'xrd', name: 'X射线衍射仪', nameEn: 'X-ray diffractometer (XRD)', categoryCode: '0103',
    medianValueCny: 1_300_000, weights: w(9, 8, 0.2, 3, 3), fee: sample(60, 200), modes: BY_SAMPLE,
    use: '多晶材料物相鉴定、晶胞参数与结晶度分析',
    makers: [
      mk('Bruker', 'DE', ['D8 ADVANCE', 'D8 DISCOVER', 'D2 PHASER'], 4), mk('Rigaku', 'JP', ['SmartLab SE', 'MiniFlex 600', 'Ultima IV'], 3),
      mk('Malvern Panalytical', 'NL', ['Empyrean', 'Aeris'], 2), mk('Shimadzu', 'JP', ['XRD-6100'], 1), mk('丹东浩元', 'CN', ['DX-2700BH'], 0.8),
    ],
  },
  {
    key: 'sc-xrd', name: '单晶X射线衍射仪', nameEn: 'Single-crystal X-ray diffractometer (SC-XRD)', categoryCode: '0103',
    medianValueCny: 3_500_000, weights: w(5, 6, 0, 0.3, 0.5), fee: sample(300, 800), modes: BY_SAMPLE,
    use: '单晶结构解析与绝对构型测定',
    makers: [mk('Bruker', 'DE', ['D8 VENTURE', 'D8 QUEST'], 3), mk('Rigaku', 'JP', ['XtaLAB Synergy-S', 'XtaLAB PRO'], 2)],
  },
  {
    key: 'xrf', name: 'X射线荧光光谱仪', nameEn: 'X-ray fluorescence spectrometer (XRF)', categoryCode: '0103',
    medianValueCny: 900_000, weights: w(4, 4, 0, 6, 4), fee: sample(80, 200), modes: BY_SAMPLE,
    use: '固体、粉末与液体样品主次量元素快速无损分析',
    makers: [
      mk('Rigaku', 'JP', ['ZSX Primus IV', 'Supermini200'], 3), mk('Bruker', 'DE', ['S8 TIGER', 'M4 TORNADO'], 2),
      mk('Malvern Panalytical', 'NL', ['Axios FAST', 'Zetium'], 2), mk('Thermo Fisher Scientific', 'CH', ["ARL PERFORM'X"], 1), mk('天瑞仪器', 'CN', ['EDX 3600H'], 1),
    ],
  },
  {
    key: 'micro-ct', name: '显微CT三维成像系统', nameEn: 'X-ray micro-computed tomography system (micro-CT)', categoryCode: '0103',
    medianValueCny: 4_500_000, weights: w(4, 5, 1, 1, 2), fee: hour(300, 800), modes: STAFF_RUN,
    use: '材料、岩芯与生物样品内部结构的无损三维成像',
    makers: [mk('Carl Zeiss', 'US', ['Xradia 620 Versa', 'Xradia 520 Versa'], 2), mk('Bruker', 'BE', ['SkyScan 1272', 'SkyScan 1276'], 2), mk('三英精密', 'CN', ['nanoVoxel-3000'], 1)],
  },
  // ---------------------------------------------------------------- 0104 光谱仪器
  {
    key: 'xps', name: 'X射线光电子能谱仪', nameEn: 'X-ray photoelectron spectrometer (XPS)', categoryCode: '0104',
    medianValueCny: 6_000_000, weights: w(6, 7, 0, 1, 1), fee: sample(300, 800), modes: BY_SAMPLE,
    use: '材料表面元素组成与化学态分析',
    makers: [
      mk('Thermo Fisher Scientific', 'GB', ['ESCALAB Xi+', 'ESCALAB 250Xi', 'K-Alpha+', 'Nexsa G2'], 4), mk('Kratos Analytical', 'GB', ['AXIS SUPRA+', 'AXIS Nova'], 2),
      mk('ULVAC-PHI', 'JP', ['PHI 5000 VersaProbe III', 'PHI Genesis'], 2),
    ],
  },
  {
    key: 'ftir', name: '傅里叶变换红外光谱仪', nameEn: 'Fourier transform infrared spectrometer (FTIR)', categoryCode: '0104',
    medianValueCny: 450_000, weights: w(8, 7, 1, 6, 4), fee: sample(40, 150), modes: BY_SAMPLE,
    use: '有机官能团鉴定、高分子与药品红外定性分析',
    makers: [
      mk('Thermo Fisher Scientific', 'US', ['Nicolet iS50', 'Nicolet iS20'], 3), mk('Bruker', 'DE', ['INVENIO R', 'VERTEX 70v', 'TENSOR II'], 3),
      mk('Shimadzu', 'JP', ['IRTracer-100', 'IRXross'], 2), mk('PerkinElmer', 'US', ['Spectrum 3'], 1), mk('Agilent Technologies', 'US', ['Cary 670'], 1),
    ],
  },
  {
    key: 'raman', name: '显微共聚焦拉曼光谱仪', nameEn: 'Confocal Raman microscope', categoryCode: '0104',
    medianValueCny: 1_100_000, weights: w(8, 8, 0.5, 2, 2), fee: hour(150, 400), modes: BY_HOUR,
    use: '分子振动光谱、碳材料与二维材料表征及拉曼成像',
    makers: [
      mk('HORIBA', 'FR', ['LabRAM HR Evolution', 'LabRAM Odyssey', 'XploRA PLUS'], 4), mk('Renishaw', 'GB', ['inVia Qontor', 'inVia Reflex'], 3),
      mk('WITec', 'DE', ['alpha300 R'], 1), mk('Thermo Fisher Scientific', 'US', ['DXR3xi'], 1), mk('Bruker', 'DE', ['SENTERRA II'], 0.5),
    ],
  },
  {
    key: 'uv-vis-nir', name: '紫外可见近红外分光光度计', nameEn: 'UV-Vis-NIR spectrophotometer', categoryCode: '0104',
    medianValueCny: 480_000, weights: w(6, 6, 1, 5, 2), fee: sample(30, 100), modes: BY_SAMPLE,
    use: '溶液与固体样品吸收、透射与漫反射光谱测定',
    makers: [
      mk('Shimadzu', 'JP', ['UV-3600i Plus', 'UV-2700i'], 3), mk('Agilent Technologies', 'AU', ['Cary 5000', 'Cary 7000'], 3),
      mk('PerkinElmer', 'US', ['LAMBDA 1050+', 'LAMBDA 950'], 2), mk('Hitachi High-Tech', 'JP', ['UH4150'], 1), mk('天美', 'CN', ['UV2600', 'UV1900'], 1),
      mk('普析通用', 'CN', ['TU-1950'], 0.6),
    ],
  },
  {
    key: 'icp-oes', name: '电感耦合等离子体发射光谱仪', nameEn: 'Inductively coupled plasma optical emission spectrometer (ICP-OES)', categoryCode: '0104',
    medianValueCny: 650_000, weights: w(5, 5, 1, 7, 3), fee: sample(80, 250), modes: BY_SAMPLE,
    use: '常量与微量金属元素同时测定',
    makers: [
      mk('Agilent Technologies', 'AU', ['5800 ICP-OES', '5110 ICP-OES'], 3), mk('Thermo Fisher Scientific', 'GB', ['iCAP PRO'], 2), mk('PerkinElmer', 'US', ['Avio 500'], 2),
      mk('SPECTRO', 'DE', ['ARCOS'], 1), mk('钢研纳克', 'CN', ['Plasma 3000'], 1), mk('聚光科技', 'CN', ['ICP-5000'], 1),
    ],
  },
  {
    key: 'aas', name: '原子吸收光谱仪', nameEn: 'Atomic absorption spectrometer (AAS)', categoryCode: '0104',
    medianValueCny: 360_000, weights: w(3, 3, 1, 6, 3), fee: sample(30, 100), modes: BY_SAMPLE,
    use: '火焰与石墨炉法测定重金属等元素',
    makers: [
      mk('Agilent Technologies', 'AU', ['240FS AA', '280Z AA'], 2), mk('Thermo Fisher Scientific', 'GB', ['iCE 3500'], 1), mk('PerkinElmer', 'US', ['PinAAcle 900T'], 2),
      mk('普析通用', 'CN', ['TAS-990'], 1), mk('北京瑞利', 'CN', ['WFX-910'], 1),
    ],
  },
  {
    key: 'fluorescence', name: '稳态瞬态荧光光谱仪', nameEn: 'Steady-state and time-resolved fluorescence spectrometer', categoryCode: '0104',
    medianValueCny: 1_200_000, weights: w(5, 6, 0.3, 1, 1), fee: hour(100, 300), modes: BY_HOUR,
    use: '荧光发射、激发光谱与荧光寿命测定',
    makers: [mk('Edinburgh Instruments', 'GB', ['FLS1000', 'FS5'], 3), mk('HORIBA', 'US', ['Fluorolog-QM', 'FluoroMax Plus'], 2)],
  },
  {
    key: 'circular-dichroism', name: '圆二色光谱仪', nameEn: 'Circular dichroism spectrometer (CD)', categoryCode: '0104',
    medianValueCny: 1_500_000, weights: w(3, 4, 0.3, 0.3, 0.5), fee: hour(150, 300), modes: BY_HOUR,
    use: '蛋白质二级结构与手性分子构象分析',
    makers: [mk('JASCO', 'JP', ['J-1500', 'J-1700'], 2), mk('Applied Photophysics', 'GB', ['Chirascan V100'], 1)],
  },
  {
    key: 'microplate-reader', name: '多功能酶标仪', nameEn: 'Multimode microplate reader', categoryCode: '0104',
    medianValueCny: 420_000, weights: w(4, 5, 4, 1, 1), fee: hour(50, 150), modes: [0.8, 0.5, 0.3],
    use: '吸光度、荧光、化学发光及时间分辨荧光高通量检测',
    makers: [mk('BioTek (Agilent)', 'US', ['Synergy H1', 'Cytation 5'], 2), mk('Tecan', 'AT', ['Spark', 'Infinite M Plex'], 2), mk('Molecular Devices', 'US', ['SpectraMax iD5', 'SpectraMax i3x'], 2)],
  },
  // ---------------------------------------------------------------- 0105 色谱仪器
  {
    key: 'hplc', name: '高效液相色谱仪', nameEn: 'High-performance liquid chromatograph (HPLC)', categoryCode: '0105',
    medianValueCny: 420_000, weights: w(9, 8, 5, 10, 5), fee: sample(80, 300, { note: '色谱柱与流动相自备或另计' }), modes: BY_SAMPLE,
    use: '药物、食品添加剂与有机污染物分离定量分析',
    makers: [
      mk('Agilent Technologies', 'DE', ['1260 Infinity II', '1290 Infinity II'], 4), mk('Waters', 'US', ['Alliance e2695', 'Arc HPLC'], 3),
      mk('Shimadzu', 'JP', ['LC-20AD', 'Nexera LC-40'], 3), mk('Thermo Fisher Scientific', 'DE', ['Vanquish Core', 'UltiMate 3000'], 2),
      mk('天美', 'CN', ['LC3200', 'LC2000 Plus'], 0.8), mk('依利特', 'CN', ['iChrom 5100'], 0.6),
    ],
  },
  {
    key: 'uplc', name: '超高效液相色谱仪', nameEn: 'Ultra-performance liquid chromatograph (UPLC)', categoryCode: '0105',
    medianValueCny: 850_000, weights: w(6, 7, 3, 6, 3), fee: sample(120, 400), modes: BY_SAMPLE,
    use: '复杂基质样品的快速高分离度色谱分析',
    makers: [
      mk('Waters', 'US', ['ACQUITY UPLC H-Class PLUS', 'ACQUITY UPLC I-Class PLUS', 'ACQUITY Premier'], 4), mk('Agilent Technologies', 'DE', ['1290 Infinity II'], 2),
      mk('Thermo Fisher Scientific', 'DE', ['Vanquish Horizon', 'Vanquish Flex'], 2), mk('Shimadzu', 'JP', ['Nexera X3'], 2),
    ],
  },
  {
    key: 'gc', name: '气相色谱仪', nameEn: 'Gas chromatograph (GC)', categoryCode: '0105',
    medianValueCny: 360_000, weights: w(5, 6, 1, 8, 5), fee: sample(60, 200), modes: BY_SAMPLE,
    use: '气体、溶剂残留与挥发性有机物分离测定',
    makers: [
      mk('Agilent Technologies', 'US', ['8890', '7890B', 'Intuvo 9000'], 4), mk('Shimadzu', 'JP', ['GC-2030 Nexis'], 3), mk('Thermo Fisher Scientific', 'IT', ['TRACE 1310'], 1),
      mk('天美', 'CN', ['GC7900', 'GC7980'], 1), mk('福立仪器', 'CN', ['GC9790 Plus'], 1),
    ],
  },
  {
    key: 'ion-chromatograph', name: '离子色谱仪', nameEn: 'Ion chromatograph (IC)', categoryCode: '0105',
    medianValueCny: 380_000, weights: w(3, 4, 1, 7, 3), fee: sample(60, 200), modes: BY_SAMPLE,
    use: '水质、食品与大气颗粒物中阴阳离子测定',
    makers: [mk('Thermo Fisher Scientific', 'US', ['Dionex ICS-6000', 'Dionex Integrion'], 3), mk('Metrohm', 'CH', ['930 Compact IC Flex', '940 Professional IC Vario'], 2), mk('青岛盛瀚', 'CN', ['CIC-D160'], 1)],
  },
  {
    key: 'amino-acid-analyzer', name: '全自动氨基酸分析仪', nameEn: 'Automatic amino acid analyser', categoryCode: '0105',
    medianValueCny: 700_000, weights: w(3, 4, 2, 4, 1), fee: sample(150, 400), modes: BY_SAMPLE,
    use: '蛋白水解氨基酸与生理体液游离氨基酸分析',
    makers: [mk('Hitachi High-Tech', 'JP', ['LA8080 AminoSAAYA'], 3), mk('SYKAM', 'DE', ['S433D'], 1), mk('Biochrom', 'GB', ['Biochrom 30+'], 1)],
  },
  // ---------------------------------------------------------------- 0106 波谱仪器
  {
    key: 'nmr', name: '核磁共振波谱仪', nameEn: 'Nuclear magnetic resonance spectrometer (NMR)', categoryCode: '0106',
    medianValueCny: 5_500_000, weights: w(8, 9, 0.5, 1, 1.5), fee: hour(150, 600, { note: '氘代试剂与核磁管自备' }), modes: [0.6, 0.85, 0.7],
    use: '有机分子结构鉴定、一维/二维谱与固体核磁测试',
    makers: [
      mk('Bruker', 'DE', ['AVANCE NEO 400', 'AVANCE NEO 600', 'AVANCE III HD 500', 'AVANCE NEO 800'], 6), mk('JEOL', 'JP', ['JNM-ECZ500R', 'JNM-ECZ600R'], 2),
    ],
  },
  {
    key: 'epr', name: '电子顺磁共振波谱仪', nameEn: 'Electron paramagnetic resonance spectrometer (EPR)', categoryCode: '0106',
    medianValueCny: 2_500_000, weights: w(4, 5, 0.2, 0.2, 0.3), fee: hour(200, 500), modes: STAFF_RUN,
    use: '自由基、过渡金属离子与缺陷中心检测',
    makers: [mk('Bruker', 'DE', ['EMXplus', 'ELEXSYS E580'], 3), mk('国仪量子', 'CN', ['EPR200-Plus', 'EPR100'], 2), mk('JEOL', 'JP', ['JES-X330'], 0.5)],
  },
  // ---------------------------------------------------------------- 0107 电化学仪器
  {
    key: 'electrochemical-workstation', name: '电化学工作站', nameEn: 'Electrochemical workstation (potentiostat/galvanostat)', categoryCode: '0107',
    medianValueCny: 380_000, weights: w(5, 5, 0.2, 2, 3), fee: hour(50, 150), modes: [0.8, 0.6, 0.3],
    use: '循环伏安、交流阻抗与电池材料电化学性能测试',
    makers: [
      mk('Metrohm Autolab', 'NL', ['PGSTAT302N', 'PGSTAT204'], 2), mk('Bio-Logic', 'FR', ['VSP-300', 'SP-300'], 2), mk('Gamry', 'US', ['Interface 1010E', 'Reference 3000'], 1),
      mk('上海辰华', 'CN', ['CHI760E', 'CHI660E'], 2),
    ],
  },
  // ---------------------------------------------------------------- 0108 显微镜及图像分析仪器
  {
    key: 'confocal', name: '激光扫描共聚焦显微镜', nameEn: 'Confocal laser scanning microscope', categoryCode: '0108',
    medianValueCny: 3_000_000, weights: w(7, 8, 5, 1, 1), fee: hour(150, 400), modes: [0.7, 0.8, 0.2],
    use: '细胞与组织荧光成像、活细胞动态观察与三维重建',
    makers: [
      mk('Carl Zeiss', 'DE', ['LSM 980', 'LSM 900', 'LSM 880'], 4), mk('Leica Microsystems', 'DE', ['STELLARIS 5', 'STELLARIS 8', 'TCS SP8'], 3),
      mk('Nikon', 'JP', ['AX R', 'A1R HD25'], 2), mk('Evident (Olympus)', 'JP', ['FLUOVIEW FV3000', 'FLUOVIEW FV4000'], 2),
    ],
  },
  {
    key: 'afm', name: '原子力显微镜', nameEn: 'Atomic force microscope (AFM)', categoryCode: '0108',
    medianValueCny: 1_600_000, weights: w(7, 7, 0.2, 1, 1.5), fee: hour(150, 400), modes: BY_HOUR,
    use: '纳米尺度表面形貌、力学与电学性质表征',
    makers: [
      mk('Bruker', 'US', ['Dimension Icon', 'Dimension FastScan', 'MultiMode 8-HR'], 4), mk('Oxford Instruments Asylum Research', 'US', ['Cypher ES', 'MFP-3D Infinity', 'Jupiter XR'], 2),
      mk('Park Systems', 'KR', ['NX10', 'NX20'], 1), mk('Hitachi High-Tech', 'JP', ['AFM100 Pro'], 0.5),
    ],
  },
  {
    key: 'in-vivo-imaging', name: '小动物活体成像系统', nameEn: 'In vivo small-animal imaging system', categoryCode: '0108',
    medianValueCny: 2_800_000, weights: w(3, 5, 4, 0, 0.5), fee: hour(200, 500), modes: [0.5, 0.9, 0.2],
    use: '小鼠等小动物体内荧光与生物发光无创成像',
    makers: [mk('Revvity (PerkinElmer)', 'US', ['IVIS Spectrum', 'IVIS Lumina III', 'IVIS Spectrum CT'], 4), mk('Bruker', 'US', ['In-Vivo Xtreme II'], 1)],
  },
  {
    key: 'high-content', name: '高内涵成像分析系统', nameEn: 'High-content imaging system', categoryCode: '0108',
    medianValueCny: 2_500_000, weights: w(3, 5, 3, 0, 1), fee: hour(200, 500), modes: [0.5, 0.9, 0.3],
    use: '细胞表型高通量自动成像与定量分析',
    makers: [mk('Revvity (PerkinElmer)', 'DE', ['Operetta CLS', 'Opera Phenix Plus'], 3), mk('Molecular Devices', 'US', ['ImageXpress Micro Confocal'], 2), mk('Thermo Fisher Scientific', 'US', ['CellInsight CX7 LZR'], 1)],
  },
  // ---------------------------------------------------------------- 0109 热分析仪器
  {
    key: 'tga', name: '热重分析仪', nameEn: 'Thermogravimetric analyser (TGA)', categoryCode: '0109',
    medianValueCny: 400_000, weights: w(6, 5, 0.2, 4, 4), fee: sample(60, 200), modes: BY_SAMPLE,
    use: '材料热稳定性、组分与分解动力学分析',
    makers: [
      mk('TA Instruments', 'US', ['TGA 5500', 'TGA 55'], 3), mk('NETZSCH', 'DE', ['TG 209 F1 Libra', 'TG 209 F3 Tarsus'], 3), mk('Mettler Toledo', 'CH', ['TGA/DSC 3+'], 2),
      mk('PerkinElmer', 'US', ['TGA 8000'], 1),
    ],
  },
  {
    key: 'dsc', name: '差示扫描量热仪', nameEn: 'Differential scanning calorimeter (DSC)', categoryCode: '0109',
    medianValueCny: 450_000, weights: w(6, 5, 0.2, 4, 4), fee: sample(60, 200), modes: BY_SAMPLE,
    use: '玻璃化转变、熔融结晶与比热容测定',
    makers: [
      mk('TA Instruments', 'US', ['DSC 2500', 'DSC 25', 'Q2000'], 3), mk('NETZSCH', 'DE', ['DSC 214 Polyma', 'DSC 3500 Sirius'], 3), mk('Mettler Toledo', 'CH', ['DSC 3+'], 2),
      mk('PerkinElmer', 'US', ['DSC 8500'], 1),
    ],
  },
  {
    key: 'dma', name: '动态热机械分析仪', nameEn: 'Dynamic mechanical analyser (DMA)', categoryCode: '0109',
    medianValueCny: 650_000, weights: w(4, 3, 0, 2, 3), fee: sample(100, 300), modes: BY_SAMPLE,
    use: '高分子与复合材料黏弹性及热机械性能测试',
    makers: [mk('TA Instruments', 'US', ['DMA 850', 'Q800'], 3), mk('NETZSCH', 'DE', ['DMA 242 E Artemis'], 2), mk('Mettler Toledo', 'CH', ['DMA 1'], 1)],
  },
  // ---------------------------------------------------------------- 0110 生化分离分析仪器
  {
    key: 'flow-cytometer', name: '流式细胞仪', nameEn: 'Flow cytometer', categoryCode: '0110',
    medianValueCny: 1_500_000, weights: w(6, 7, 8, 1, 1), fee: hour(100, 300, { setup: [50, 150] }), modes: [0.6, 0.85, 0.5],
    use: '细胞表型、周期与凋亡的多参数分析及细胞分选',
    makers: [
      mk('BD Biosciences', 'US', ['FACSCanto II', 'FACSAria III', 'LSRFortessa', 'FACSymphony A5'], 4), mk('Beckman Coulter', 'US', ['CytoFLEX S', 'CytoFLEX LX', 'MoFlo Astrios EQ'], 3),
      mk('Thermo Fisher Scientific', 'US', ['Attune NxT'], 1), mk('Cytek', 'US', ['Aurora'], 1), mk('迈瑞医疗', 'CN', ['BriCyte E6'], 1),
    ],
  },
  {
    key: 'sequencer', name: '高通量基因测序仪', nameEn: 'High-throughput gene sequencer', categoryCode: '0110',
    medianValueCny: 3_500_000, weights: w(3, 5, 4, 1, 1), fee: sample(300, 1500, { note: '按样本计，建库费另计' }), modes: [0, 0.3, 1],
    use: '基因组、转录组与宏基因组高通量测序',
    makers: [
      mk('Illumina', 'US', ['NovaSeq 6000', 'NovaSeq X Plus', 'NextSeq 2000', 'MiSeq'], 4), mk('华大智造', 'CN', ['DNBSEQ-T7', 'DNBSEQ-G400', 'DNBSEQ-T20'], 3),
      mk('Oxford Nanopore Technologies', 'GB', ['PromethION 48', 'GridION'], 1), mk('PacBio', 'US', ['Revio', 'Sequel IIe'], 1),
    ],
  },
  {
    key: 'qpcr', name: '实时荧光定量PCR仪', nameEn: 'Real-time quantitative PCR system (qPCR)', categoryCode: '0110',
    medianValueCny: 400_000, weights: w(5, 6, 8, 3, 1), fee: sample(30, 80), modes: [0.7, 0.5, 0.6],
    use: '基因表达定量、病原体核酸检测与基因分型',
    makers: [
      mk('Bio-Rad', 'US', ['CFX96 Touch', 'CFX Opus 384'], 3), mk('Thermo Fisher Scientific', 'SG', ['QuantStudio 5', 'QuantStudio 7 Flex', '7500 Fast'], 3),
      mk('Roche', 'CH', ['LightCycler 480 II'], 2), mk('宏石医疗', 'CN', ['SLAN-96S'], 1), mk('天隆科技', 'CN', ['Gentier 96E'], 1),
    ],
  },
  {
    key: 'digital-pcr', name: '数字PCR系统', nameEn: 'Digital PCR system (dPCR)', categoryCode: '0110',
    medianValueCny: 800_000, weights: w(3, 4, 5, 1, 0.5), fee: sample(100, 300), modes: [0.4, 0.6, 0.8],
    use: '核酸绝对定量、稀有突变与拷贝数变异检测',
    makers: [mk('Bio-Rad', 'US', ['QX200 Droplet Digital PCR', 'QX ONE'], 3), mk('Thermo Fisher Scientific', 'US', ['QuantStudio Absolute Q'], 1), mk('QIAGEN', 'DE', ['QIAcuity Eight'], 1)],
  },
  {
    key: 'ultracentrifuge', name: '超速离心机', nameEn: 'Ultracentrifuge', categoryCode: '0110',
    medianValueCny: 700_000, weights: w(5, 6, 3, 1, 1), fee: hour(50, 150), modes: [0.9, 0.4, 0.3],
    use: '病毒、外泌体与细胞器的超速分离纯化',
    makers: [mk('Beckman Coulter', 'US', ['Optima XPN-100', 'Optima XE-90', 'Optima MAX-XP'], 3), mk('Eppendorf Himac', 'JP', ['CP100NX', 'CS150FNX'], 1)],
  },
  // ---------------------------------------------------------------- 0111 环境与农林分析仪器
  {
    key: 'toc', name: '总有机碳分析仪', nameEn: 'Total organic carbon analyser (TOC)', categoryCode: '0111',
    medianValueCny: 350_000, weights: w(3, 4, 0, 6, 3), fee: sample(50, 150), modes: BY_SAMPLE,
    use: '水体与土壤总有机碳、总氮测定',
    makers: [mk('Shimadzu', 'JP', ['TOC-L CPH', 'TOC-4200'], 3), mk('Elementar', 'DE', ['vario TOC cube'], 1), mk('Analytik Jena', 'DE', ['multi N/C 3100'], 1), mk('Veolia Sievers', 'US', ['M9'], 1)],
  },
  {
    key: 'elemental-analyzer', name: '元素分析仪', nameEn: 'Elemental analyser (CHNS/O)', categoryCode: '0111',
    medianValueCny: 650_000, weights: w(5, 5, 0, 4, 2), fee: sample(80, 200), modes: BY_SAMPLE,
    use: '有机物与土壤植物样品碳氢氮硫氧含量测定',
    makers: [mk('Elementar', 'DE', ['vario EL cube', 'UNICUBE', 'vario MACRO cube'], 3), mk('Thermo Fisher Scientific', 'IT', ['FlashSmart'], 2), mk('PerkinElmer', 'US', ['2400 Series II'], 1)],
  },
  // ---------------------------------------------------------------- 0112 样品前处理及制备仪器
  {
    key: 'microwave-digestion', name: '微波消解仪', nameEn: 'Microwave digestion system', categoryCode: '0112',
    medianValueCny: 330_000, weights: w(3, 3, 1, 6, 2), fee: sample(30, 100), modes: BY_SAMPLE,
    use: '元素分析前样品的高温高压密闭消解',
    makers: [mk('CEM', 'US', ['MARS 6'], 2), mk('Milestone', 'IT', ['ETHOS UP'], 2), mk('Anton Paar', 'AT', ['Multiwave 7000'], 1), mk('上海新仪', 'CN', ['MDS-15'], 1)],
  },
  {
    key: 'accelerated-solvent-extractor', name: '加速溶剂萃取仪', nameEn: 'Accelerated solvent extractor (ASE)', categoryCode: '0112',
    medianValueCny: 350_000, weights: w(2, 3, 0, 5, 1), fee: sample(50, 150), modes: BY_SAMPLE,
    use: '固体与半固体样品中有机污染物的快速萃取',
    makers: [mk('Thermo Fisher Scientific', 'US', ['Dionex ASE 350'], 3), mk('BUCHI', 'CH', ['SpeedExtractor E-916'], 1)],
  },
  // ---------------------------------------------------------------- 02 物理性能测试仪器
  {
    key: 'universal-testing-machine', name: '万能材料试验机', nameEn: 'Universal testing machine', categoryCode: '0201',
    medianValueCny: 700_000, weights: w(7, 5, 0, 6, 6), fee: sample(50, 200, { note: '按试样计，夹具另计' }), modes: [0.5, 0.8, 0.7],
    use: '金属、高分子与复合材料拉伸、压缩、弯曲力学性能测试',
    makers: [
      mk('Instron', 'US', ['5967', '68TM-50', '3382'], 3), mk('ZwickRoell', 'DE', ['Z050', 'Z100 AllroundLine'], 2), mk('Shimadzu', 'JP', ['AGX-V 100kN', 'AGS-X 10kN'], 2),
      mk('MTS', 'US', ['Criterion C45.105'], 1), mk('美特斯', 'CN', ['CMT5105', 'CMT4204'], 2),
    ],
  },
  {
    key: 'fatigue-testing-machine', name: '电液伺服疲劳试验机', nameEn: 'Servo-hydraulic fatigue testing machine', categoryCode: '0201',
    medianValueCny: 1_800_000, weights: w(4, 3, 0, 3, 5), fee: hour(100, 300), modes: STAFF_RUN,
    use: '材料与构件高低周疲劳及断裂力学试验',
    makers: [mk('MTS', 'US', ['Landmark 370.25', 'MTS 810'], 3), mk('Instron', 'GB', ['8801', '8802'], 2), mk('Shimadzu', 'JP', ['EHF-U'], 1)],
  },
  {
    key: 'rheometer', name: '旋转流变仪', nameEn: 'Rotational rheometer', categoryCode: '0201',
    medianValueCny: 750_000, weights: w(5, 4, 0.2, 2, 3), fee: hour(100, 300), modes: BY_HOUR,
    use: '聚合物熔体、溶液与软物质流变性能测试',
    makers: [mk('TA Instruments', 'US', ['DHR-3', 'HR 30', 'ARES-G2'], 3), mk('Anton Paar', 'AT', ['MCR 302e', 'MCR 702e'], 3), mk('Thermo Fisher Scientific', 'DE', ['HAAKE MARS 60'], 1), mk('Malvern Panalytical', 'GB', ['Kinexus ultra+'], 1)],
  },
  {
    key: 'nanoindenter', name: '纳米压痕仪', nameEn: 'Nanoindenter', categoryCode: '0201',
    medianValueCny: 2_000_000, weights: w(4, 4, 0, 1, 1), fee: hour(200, 400), modes: STAFF_RUN,
    use: '薄膜与微区硬度、弹性模量测试',
    makers: [mk('Bruker', 'US', ['Hysitron TI 980', 'Hysitron TI Premier'], 2), mk('KLA', 'US', ['iMicro', 'G200X'], 1), mk('Anton Paar', 'CH', ['NHT³'], 1)],
  },
  {
    key: 'laser-scanner', name: '三维激光扫描仪', nameEn: 'Terrestrial 3D laser scanner', categoryCode: '0202',
    medianValueCny: 700_000, weights: w(3, 3, 0, 1, 3), fee: day(800, 2500), modes: FIELD,
    use: '建筑、地形与文物的三维点云测绘',
    makers: [mk('Leica Geosystems', 'CH', ['RTC360', 'ScanStation P50'], 2), mk('RIEGL', 'AT', ['VZ-400i', 'VZ-2000i'], 2), mk('FARO', 'US', ['Focus Premium'], 1)],
  },
  {
    key: 'high-speed-camera', name: '超高速摄像机', nameEn: 'Ultra-high-speed camera', categoryCode: '0203',
    medianValueCny: 1_200_000, weights: w(4, 4, 0, 1, 2), fee: day(500, 2000), modes: BY_HOUR,
    use: '冲击、燃烧与流体等瞬态过程高速成像',
    makers: [mk('Photron', 'JP', ['FASTCAM SA-Z', 'FASTCAM Nova S16'], 2), mk('Vision Research', 'US', ['Phantom v2640', 'Phantom TMX 7510'], 2)],
  },
  {
    key: 'vibration-test-system', name: '电动振动试验系统', nameEn: 'Electrodynamic vibration test system', categoryCode: '0204',
    medianValueCny: 800_000, weights: w(2, 2, 0, 4, 5), fee: hour(150, 400), modes: STAFF_RUN,
    use: '产品与部件正弦、随机振动及冲击环境试验',
    makers: [mk('苏试试验', 'CN', ['DC-3200-36', 'DC-6000-60'], 3), mk('Brüel & Kjær (HBK)', 'GB', ['LDS V8900'], 1), mk('IMV', 'JP', ['i250/SA5M'], 1)],
  },
  {
    key: 'laser-particle-sizer', name: '激光粒度分析仪', nameEn: 'Laser diffraction particle size analyser', categoryCode: '0205',
    medianValueCny: 450_000, weights: w(4, 4, 0, 5, 4), fee: sample(50, 150), modes: BY_SAMPLE,
    use: '粉体与乳液粒径分布测定',
    makers: [mk('Malvern Panalytical', 'GB', ['Mastersizer 3000', 'Mastersizer 3000+'], 3), mk('HORIBA', 'JP', ['LA-960V2'], 1), mk('Beckman Coulter', 'US', ['LS 13 320'], 1), mk('丹东百特', 'CN', ['Bettersizer 2600'], 2)],
  },
  {
    key: 'zeta-potential', name: '纳米粒度及Zeta电位分析仪', nameEn: 'Nanoparticle size and zeta potential analyser', categoryCode: '0205',
    medianValueCny: 500_000, weights: w(6, 6, 1, 2, 2), fee: sample(50, 150), modes: BY_SAMPLE,
    use: '纳米颗粒水合粒径、Zeta 电位与分子量测定',
    makers: [mk('Malvern Panalytical', 'GB', ['Zetasizer Ultra', 'Zetasizer Pro', 'Zetasizer Nano ZS90'], 4), mk('Brookhaven Instruments', 'US', ['NanoBrook Omni'], 1), mk('Anton Paar', 'AT', ['Litesizer 500'], 1)],
  },
  {
    key: 'surface-area-analyzer', name: '比表面积及孔径分析仪', nameEn: 'Surface area and porosity analyser (BET)', categoryCode: '0205',
    medianValueCny: 550_000, weights: w(6, 6, 0, 3, 3), fee: sample(150, 400), modes: BY_SAMPLE,
    use: '多孔材料比表面积、孔径分布与吸附等温线测定',
    makers: [mk('Micromeritics', 'US', ['ASAP 2460', 'ASAP 2020 Plus', 'TriStar II Plus', '3Flex'], 4), mk('Anton Paar (Quantachrome)', 'US', ['Autosorb iQ'], 2), mk('贝士德', 'CN', ['BSD-660M'], 1)],
  },
  {
    key: 'phased-array-ut', name: '超声相控阵探伤仪', nameEn: 'Ultrasonic phased-array flaw detector', categoryCode: '0206',
    medianValueCny: 450_000, weights: w(2, 2, 0, 5, 6), fee: day(500, 1500), modes: FIELD,
    use: '焊缝、锻件与复合材料内部缺陷无损检测',
    makers: [mk('Evident (Olympus)', 'CA', ['OmniScan X3', 'OmniScan MX2'], 3), mk('Waygate Technologies', 'DE', ['Mentor UT'], 1), mk('汕头超声', 'CN', ['SyncScan 2'], 1)],
  },
  {
    key: 'industrial-ct', name: '工业CT检测系统', nameEn: 'Industrial computed tomography system', categoryCode: '0206',
    medianValueCny: 6_000_000, weights: w(2, 3, 0, 4, 5), fee: hour(300, 1000), modes: STAFF_RUN,
    use: '铸件、电子器件与增材制造零件内部缺陷与尺寸检测',
    makers: [mk('Waygate Technologies', 'DE', ['phoenix v|tome|x m 300', 'phoenix v|tome|x s240'], 2), mk('Carl Zeiss', 'DE', ['METROTOM 1500'], 1), mk('Nikon', 'GB', ['XT H 225 ST'], 1), mk('三英精密', 'CN', ['nanoVoxel-4000'], 1)],
  },
  {
    key: 'ppms', name: '综合物性测量系统', nameEn: 'Physical property measurement system (PPMS)', categoryCode: '0207',
    medianValueCny: 6_000_000, weights: w(5, 6, 0, 0.3, 0.3), fee: hour(150, 400, { note: '液氦消耗另计' }), modes: STAFF_RUN,
    use: '低温强磁场下电输运、磁化率与比热测量',
    makers: [mk('Quantum Design', 'US', ['PPMS DynaCool', 'MPMS3 SQUID-VSM', 'PPMS EverCool II'], 4), mk('Lake Shore Cryotronics', 'US', ['8600 Series VSM'], 1)],
  },
  // ---------------------------------------------------------------- 03 计量仪器
  {
    key: 'cmm', name: '三坐标测量机', nameEn: 'Coordinate measuring machine (CMM)', categoryCode: '0301',
    medianValueCny: 1_400_000, weights: w(3, 2, 0, 5, 6), fee: hour(150, 400), modes: STAFF_RUN,
    use: '精密零部件几何尺寸与形位公差测量',
    makers: [mk('Carl Zeiss', 'DE', ['CONTURA 10/16/6', 'PRISMO ultra'], 2), mk('Hexagon', 'CN', ['GLOBAL S Green 9.15.8'], 2), mk('Hexagon', 'DE', ['Leitz PMM-C'], 0.5), mk('Mitutoyo', 'JP', ['CRYSTA-Apex V 9106'], 2)],
  },
  {
    key: 'laser-tracker', name: '激光跟踪仪', nameEn: 'Laser tracker', categoryCode: '0301',
    medianValueCny: 1_500_000, weights: w(2, 2, 0, 4, 5), fee: day(2000, 6000), modes: FIELD,
    use: '大尺寸工件与装配的现场三维坐标测量',
    makers: [mk('Leica Geosystems', 'CH', ['Absolute Tracker AT960', 'Absolute Tracker AT500'], 3), mk('FARO', 'US', ['Vantage S6', 'Vantage E6'], 2), mk('API', 'US', ['Radian Pro'], 1)],
  },
  {
    key: 'laser-interferometer', name: '激光干涉仪', nameEn: 'Laser interferometer calibration system', categoryCode: '0301',
    medianValueCny: 420_000, weights: w(2, 2, 0, 5, 4), fee: day(800, 2500), modes: FIELD,
    use: '数控机床与坐标测量设备定位精度校准',
    makers: [mk('Renishaw', 'GB', ['XL-80', 'XM-60'], 3), mk('Keysight Technologies', 'US', ['5530'], 1)],
  },
  {
    key: 'thermometry-bridge', name: '精密测温电桥', nameEn: 'Precision thermometry bridge', categoryCode: '0302',
    medianValueCny: 420_000, weights: w(0.5, 1, 0, 4, 0.5), fee: item(200, 600), modes: [0.1, 0.8, 0.8],
    use: '标准铂电阻温度计检定与温度量值传递',
    makers: [mk('Fluke Calibration', 'US', ['1595A Super-Thermometer'], 2), mk('ASL', 'GB', ['F900'], 1)],
  },
  {
    key: 'multifunction-calibrator', name: '多功能标准源', nameEn: 'Multifunction calibrator', categoryCode: '0304',
    medianValueCny: 600_000, weights: w(0.5, 1, 0, 5, 1), fee: item(200, 800), modes: [0.1, 0.8, 0.8],
    use: '数字多用表等电学仪表的检定校准',
    makers: [mk('Fluke Calibration', 'US', ['5730A', '5560A'], 3), mk('Transmille', 'GB', ['4010'], 1)],
  },
  {
    key: 'cesium-clock', name: '铯原子频率标准', nameEn: 'Caesium atomic frequency standard', categoryCode: '0306',
    medianValueCny: 1_200_000, weights: w(0.5, 2, 0, 3, 1), fee: day(500, 2000), modes: [0.1, 0.9, 0.5],
    use: '时间频率基准保持与频标比对校准',
    makers: [mk('Microchip', 'US', ['5071A'], 3), mk('Oscilloquartz', 'CH', ['OSA 3350'], 1)],
  },
  // ---------------------------------------------------------------- 04 电子测量仪器
  {
    key: 'oscilloscope', name: '高带宽数字示波器', nameEn: 'High-bandwidth digital oscilloscope', categoryCode: '0401',
    medianValueCny: 900_000, weights: w(5, 5, 0, 3, 6), fee: hour(100, 300), modes: BY_HOUR,
    use: '高速数字信号完整性与光通信波形测试',
    makers: [
      mk('Keysight Technologies', 'US', ['UXR0334A', 'DSOV334A', 'MXR608A'], 3), mk('Tektronix', 'US', ['MSO68B', 'DPO77002SX'], 2), mk('Rohde & Schwarz', 'DE', ['RTP164B'], 1),
      mk('Teledyne LeCroy', 'US', ['WavePro HD', 'LabMaster 10 Zi-A'], 1), mk('普源精电', 'CN', ['DS70000'], 1),
    ],
  },
  {
    key: 'semiconductor-analyzer', name: '半导体参数分析仪', nameEn: 'Semiconductor parameter analyser', categoryCode: '0401',
    medianValueCny: 800_000, weights: w(4, 5, 0, 2, 4), fee: hour(100, 300), modes: BY_HOUR,
    use: '晶体管、二极管与新型器件 I-V、C-V 特性测试',
    makers: [mk('Keysight Technologies', 'JP', ['B1500A', 'B1505A'], 3), mk('Keithley (Tektronix)', 'US', ['4200A-SCS'], 2)],
  },
  {
    key: 'spectrum-analyzer', name: '信号与频谱分析仪', nameEn: 'Signal and spectrum analyser', categoryCode: '0402',
    medianValueCny: 1_100_000, weights: w(4, 5, 0, 3, 5), fee: hour(100, 300), modes: BY_HOUR,
    use: '射频微波信号频谱、相位噪声与调制质量分析',
    makers: [mk('Keysight Technologies', 'US', ['N9042B UXA', 'N9030B PXA'], 3), mk('Rohde & Schwarz', 'DE', ['FSW43', 'FSW67'], 2), mk('中电科思仪', 'CN', ['4051H'], 2)],
  },
  {
    key: 'wireless-tester', name: '5G无线通信综合测试仪', nameEn: '5G wireless communication test set', categoryCode: '0403',
    medianValueCny: 2_500_000, weights: w(2, 3, 0, 3, 4), fee: hour(200, 500), modes: STAFF_RUN,
    use: '5G NR 终端与模组射频一致性和协议测试',
    makers: [mk('Rohde & Schwarz', 'DE', ['CMX500', 'CMW500'], 2), mk('Keysight Technologies', 'US', ['UXM 5G E7515B'], 2), mk('Anritsu', 'JP', ['MT8000A'], 1)],
  },
  {
    key: 'vna', name: '矢量网络分析仪', nameEn: 'Vector network analyser (VNA)', categoryCode: '0404',
    medianValueCny: 1_800_000, weights: w(5, 6, 0, 3, 6), fee: hour(150, 500), modes: BY_HOUR,
    use: '天线、滤波器与微波器件 S 参数测量',
    makers: [mk('Keysight Technologies', 'US', ['PNA-X N5247B', 'N5227B', 'E5080B ENA'], 3), mk('Rohde & Schwarz', 'DE', ['ZNA43', 'ZNB20'], 2), mk('中电科思仪', 'CN', ['3672E', '3674G'], 2)],
  },
  {
    key: 'ic-tester', name: '集成电路测试系统', nameEn: 'Integrated circuit automatic test system (ATE)', categoryCode: '0405',
    medianValueCny: 8_000_000, weights: w(1, 3, 0, 1, 4), fee: hour(300, 1000), modes: STAFF_RUN,
    use: '数字、模拟与混合信号芯片功能和参数测试',
    makers: [mk('Advantest', 'JP', ['V93000 SMT8', 'T2000'], 3), mk('Teradyne', 'US', ['UltraFLEXplus', 'J750Ex-HD'], 2), mk('华峰测控', 'CN', ['STS8300'], 2)],
  },
  // ---------------------------------------------------------------- 05 海洋仪器
  {
    key: 'adcp', name: '声学多普勒流速剖面仪', nameEn: 'Acoustic Doppler current profiler (ADCP)', categoryCode: '0501',
    medianValueCny: 600_000, weights: w(1, 3, 0, 1, 0.5), fee: day(500, 1500), modes: FIELD,
    use: '河口、海洋与水库流速流向剖面测量',
    makers: [mk('Teledyne RD Instruments', 'US', ['Workhorse Sentinel 600kHz', 'Sentinel V50'], 3), mk('Nortek', 'NO', ['Signature1000', 'Signature500'], 2), mk('SonTek', 'US', ['RiverSurveyor M9'], 1)],
  },
  {
    key: 'ctd', name: 'CTD温盐深剖面仪', nameEn: 'CTD (conductivity–temperature–depth) profiler', categoryCode: '0501',
    medianValueCny: 900_000, weights: w(1, 3, 0, 0.5, 0.3), fee: day(800, 2000), modes: FIELD,
    use: '海水温度、盐度与深度剖面观测',
    makers: [mk('Sea-Bird Scientific', 'US', ['SBE 911plus', 'SBE 25plus', 'SBE 19plus V2'], 3), mk('RBR', 'CA', ['RBRmaestro3'], 1)],
  },
  {
    key: 'multibeam', name: '多波束测深系统', nameEn: 'Multibeam echosounder', categoryCode: '0504',
    medianValueCny: 4_000_000, weights: w(1, 3, 0, 0.5, 1), fee: day(3000, 8000), modes: FIELD,
    use: '海底与航道地形高精度全覆盖测量',
    makers: [mk('Kongsberg', 'NO', ['EM 2040', 'EM 712'], 2), mk('R2Sonic', 'US', ['Sonic 2024', 'Sonic 2026'], 2), mk('Teledyne RESON', 'DK', ['SeaBat T50-P'], 1), mk('海卓同创', 'CN', ['MS400P'], 1)],
  },
  {
    key: 'rov', name: '遥控无人潜水器', nameEn: 'Remotely operated vehicle (ROV)', categoryCode: '0505',
    medianValueCny: 3_000_000, weights: w(1, 2, 0, 0, 1), fee: day(3000, 10000), modes: [0.2, 0.9, 0.1],
    use: '水下结构巡检、海底观测与取样作业',
    makers: [mk('Saab Seaeye', 'GB', ['Falcon', 'Leopard'], 2), mk('深之蓝', 'CN', ['河豚 FHD-300'], 1)],
  },
  // ---------------------------------------------------------------- 06 地球探测仪器
  {
    key: 'gpr', name: '探地雷达', nameEn: 'Ground-penetrating radar (GPR)', categoryCode: '0602',
    medianValueCny: 450_000, weights: w(2, 3, 0, 2, 3), fee: day(500, 1500), modes: FIELD,
    use: '浅层地质结构、管线与道路病害探测',
    makers: [mk('GSSI', 'US', ['SIR 4000', 'UtilityScan'], 2), mk('MALÅ (Guideline Geo)', 'SE', ['ProEx', 'GX'], 2), mk('IDS GeoRadar', 'IT', ['Opera Duo'], 1), mk('中国电波传播研究所', 'CN', ['LTD-2600'], 1)],
  },
  {
    key: 'seismometer', name: '宽频带地震仪', nameEn: 'Broadband seismometer', categoryCode: '0603',
    medianValueCny: 450_000, weights: w(1, 3, 0, 0.5, 0.3), fee: day(300, 1000), modes: FIELD,
    use: '天然地震与环境噪声观测',
    makers: [mk('Nanometrics', 'CA', ['Trillium 120PH', 'Trillium Compact 120s'], 3), mk('Güralp Systems', 'GB', ['CMG-3T', 'Certis'], 2)],
  },
  {
    key: 'gravimeter', name: '相对重力仪', nameEn: 'Relative gravimeter', categoryCode: '0604',
    medianValueCny: 900_000, weights: w(1, 2, 0, 0.5, 0.3), fee: day(500, 1500), modes: FIELD,
    use: '重力勘探与地壳形变监测',
    makers: [mk('Scintrex', 'CA', ['CG-6 Autograv'], 3), mk('Micro-g LaCoste', 'US', ['gPhoneX'], 1)],
  },
  {
    key: 'rock-triaxial', name: '岩石三轴试验系统', nameEn: 'Rock triaxial testing system', categoryCode: '0607',
    medianValueCny: 3_000_000, weights: w(2, 2, 0, 1, 1), fee: sample(500, 2000), modes: STAFF_RUN,
    use: '岩石在围压与孔隙水压下的强度与变形试验',
    makers: [mk('GCTS', 'US', ['RTR-1500'], 2), mk('MTS', 'US', ['MTS 815'], 2)],
  },
  // ---------------------------------------------------------------- 07 大气探测仪器
  {
    key: 'weather-station', name: '自动气象站', nameEn: 'Automatic weather station', categoryCode: '0701',
    medianValueCny: 380_000, weights: w(1, 2, 0, 1, 0.5), fee: day(200, 800), modes: [0.3, 0.8, 0.2],
    use: '温湿压、风、降水与辐射等要素连续观测',
    makers: [mk('Vaisala', 'FI', ['MAWS301', 'AWS310'], 2), mk('Campbell Scientific', 'US', ['CR3000 AWS'], 1), mk('华云升达', 'CN', ['DZZ5'], 2)],
  },
  {
    key: 'wind-profiler', name: '风廓线雷达', nameEn: 'Wind profiler radar', categoryCode: '0702',
    medianValueCny: 3_000_000, weights: w(0.5, 2, 0, 0.5, 0.3), fee: day(1500, 4000), modes: [0.1, 0.9, 0.2],
    use: '边界层与对流层风场垂直廓线探测',
    makers: [mk('四创电子', 'CN', ['TWP8-L'], 2), mk('Vaisala', 'FI', ['LAP-3000'], 1)],
  },
  {
    key: 'aerosol-lidar', name: '气溶胶激光雷达', nameEn: 'Aerosol lidar', categoryCode: '0703',
    medianValueCny: 2_000_000, weights: w(1, 4, 0, 2, 1), fee: day(1000, 3000), modes: [0.1, 0.9, 0.2],
    use: '气溶胶消光、退偏振比与边界层高度垂直探测',
    makers: [mk('无锡中科光电', 'CN', ['AGHJ-I-LIDAR'], 2), mk('Raymetrics', 'GR', ['LR111-D300'], 1), mk('Vaisala', 'FI', ['CL61'], 1)],
  },
  {
    key: 'ghg-analyzer', name: '温室气体分析仪', nameEn: 'Greenhouse gas analyser (cavity ring-down)', categoryCode: '0704',
    medianValueCny: 1_200_000, weights: w(2, 4, 0, 3, 1), fee: day(800, 2500), modes: [0.3, 0.8, 0.3],
    use: 'CO₂、CH₄、N₂O 等温室气体高精度在线监测',
    makers: [mk('Picarro', 'US', ['G2401', 'G2301', 'G2508'], 3), mk('LI-COR', 'US', ['LI-7810', 'LI-7820'], 2), mk('ABB (LGR)', 'CA', ['GLA331-GGA'], 1)],
  },
  // ---------------------------------------------------------------- 08 天文仪器
  {
    key: 'optical-telescope', name: '光学天文望远镜', nameEn: 'Optical astronomical telescope', categoryCode: '0801',
    medianValueCny: 6_000_000, weights: w(0.3, 1.5, 0, 0, 0), fee: hour(300, 800), modes: [0.2, 0.9, 0.1],
    use: '恒星测光、变源监测与天体光谱观测',
    makers: [mk('PlaneWave Instruments', 'US', ['CDK700', 'RC1000'], 2), mk('南京天文光学技术研究所', 'CN', ['1m RC'], 1)],
  },
  {
    key: 'astro-ccd', name: '天文科学级CCD相机', nameEn: 'Astronomical scientific CCD camera', categoryCode: '0804',
    medianValueCny: 900_000, weights: w(0.3, 1.5, 0, 0, 0), fee: hour(100, 300), modes: [0.3, 0.9, 0.1],
    use: '望远镜终端深场成像与测光',
    makers: [mk('Teledyne Princeton Instruments', 'US', ['PIXIS 2048B', 'SOPHIA 4096B'], 2), mk('Andor (Oxford Instruments)', 'GB', ['iKon-XL 231'], 1)],
  },
  // ---------------------------------------------------------------- 09 医学诊断仪器
  {
    key: 'clinical-chemistry', name: '全自动生化分析仪', nameEn: 'Automated clinical chemistry analyser', categoryCode: '0901',
    medianValueCny: 1_500_000, weights: w(0, 0.3, 7, 1, 0), fee: sample(20, 60), modes: CLINICAL,
    use: '血清生化指标批量检测与科研样本分析',
    makers: [
      mk('Roche Diagnostics', 'JP', ['cobas c 702', 'cobas pro c 503'], 2), mk('Beckman Coulter', 'JP', ['AU5800', 'DxC 700 AU'], 2), mk('Abbott', 'US', ['ARCHITECT c16000', 'Alinity c'], 1),
      mk('Siemens Healthineers', 'US', ['Atellica CH 930'], 1), mk('迈瑞医疗', 'CN', ['BS-2000M', 'BS-800M'], 2),
    ],
  },
  {
    key: 'mri-3t', name: '3.0T磁共振成像系统', nameEn: '3.0 T magnetic resonance imaging system (MRI)', categoryCode: '0902',
    medianValueCny: 16_000_000, weights: w(0.3, 0.5, 6, 0, 0), fee: item(500, 1200, { note: '科研扫描按序列计' }), modes: CLINICAL,
    use: '脑功能、心血管与全身科研影像扫描',
    makers: [
      mk('Siemens Healthineers', 'DE', ['MAGNETOM Prisma', 'MAGNETOM Vida', 'MAGNETOM Skyra'], 3), mk('GE HealthCare', 'US', ['SIGNA Premier', 'SIGNA Architect'], 2),
      mk('Philips', 'NL', ['Ingenia Elition X', 'Ingenia CX'], 2), mk('联影医疗', 'CN', ['uMR 790', 'uMR 890'], 3),
    ],
  },
  {
    key: 'ct', name: '计算机断层扫描系统', nameEn: 'Computed tomography system (CT)', categoryCode: '0902',
    medianValueCny: 8_000_000, weights: w(0, 0.3, 7, 0, 0), fee: item(300, 800), modes: CLINICAL,
    use: '能谱 CT 与心脏 CT 科研成像',
    makers: [
      mk('Siemens Healthineers', 'DE', ['SOMATOM Force', 'SOMATOM Drive', 'SOMATOM go.Top'], 3), mk('GE HealthCare', 'US', ['Revolution CT', 'Revolution Apex'], 2),
      mk('Philips', 'NL', ['IQon Spectral CT', 'Incisive CT'], 1), mk('Canon Medical Systems', 'JP', ['Aquilion ONE PRISM'], 1), mk('联影医疗', 'CN', ['uCT 960+', 'uCT 780'], 3),
      mk('东软医疗', 'CN', ['NeuViz Epoch'], 1),
    ],
  },
  {
    key: 'ultrasound', name: '彩色多普勒超声诊断仪', nameEn: 'Colour Doppler ultrasound system', categoryCode: '0902',
    medianValueCny: 1_500_000, weights: w(0, 0.2, 6, 0, 0), fee: item(200, 500), modes: CLINICAL,
    use: '超声影像科研与小动物超声评估',
    makers: [
      mk('GE HealthCare', 'US', ['LOGIQ E20', 'Vivid E95'], 2), mk('Philips', 'US', ['EPIQ Elite'], 2), mk('Siemens Healthineers', 'US', ['ACUSON Sequoia'], 1),
      mk('迈瑞医疗', 'CN', ['Resona R9', 'Resona I9'], 3), mk('开立医疗', 'CN', ['P60'], 1),
    ],
  },
  {
    key: 'eeg', name: '高密度脑电记录分析系统', nameEn: 'High-density EEG recording system', categoryCode: '0903',
    medianValueCny: 900_000, weights: w(2, 2, 3, 0, 0), fee: hour(100, 300), modes: [0.5, 0.9, 0.1],
    use: '认知神经科学与癫痫研究的多导脑电采集',
    makers: [mk('Brain Products', 'DE', ['actiCHamp Plus'], 2), mk('Compumedics Neuroscan', 'AU', ['SynAmps RT'], 1), mk('Magstim EGI', 'US', ['GES 400'], 1), mk('博睿康', 'CN', ['NeuSen W'], 1)],
  },
  {
    key: 'slide-scanner', name: '数字病理切片扫描仪', nameEn: 'Digital pathology slide scanner', categoryCode: '0904',
    medianValueCny: 1_800_000, weights: w(1, 2, 5, 0, 0), fee: sample(30, 100), modes: BY_SAMPLE,
    use: '病理切片全视野数字化与图像分析',
    makers: [mk('Leica Biosystems', 'US', ['Aperio GT 450', 'Aperio AT2'], 2), mk('Hamamatsu', 'JP', ['NanoZoomer S360'], 2), mk('3DHISTECH', 'HU', ['PANNORAMIC 1000'], 1), mk('江丰生物', 'CN', ['KF-PRO-400'], 2)],
  },
  // ---------------------------------------------------------------- 10 核仪器
  {
    key: 'hpge', name: '高纯锗γ能谱仪', nameEn: 'High-purity germanium gamma spectrometer (HPGe)', categoryCode: '1001',
    medianValueCny: 900_000, weights: w(2, 4, 1, 5, 1), fee: sample(300, 800), modes: BY_SAMPLE,
    use: '环境与食品样品放射性核素定性定量',
    makers: [mk('Mirion (Canberra)', 'US', ['BE3830', 'GC4020'], 2), mk('ORTEC (AMETEK)', 'US', ['GEM-C5970', 'GMX40P4-76'], 2)],
  },
  {
    key: 'liquid-scintillation', name: '液体闪烁计数器', nameEn: 'Liquid scintillation counter', categoryCode: '1001',
    medianValueCny: 700_000, weights: w(2, 3, 2, 4, 0.5), fee: sample(100, 300), modes: BY_SAMPLE,
    use: '氚、碳-14 等低能β核素测量',
    makers: [mk('Revvity (PerkinElmer)', 'US', ['Tri-Carb 4910TR', 'Quantulus GCT 6220'], 3), mk('Hidex', 'FI', ['300 SL'], 1)],
  },
  {
    key: 'ion-beam-analysis', name: '离子束分析系统', nameEn: 'Ion beam analysis system (RBS/PIXE)', categoryCode: '1003',
    medianValueCny: 12_000_000, weights: w(0.5, 1.5, 0, 0, 0), fee: hour(500, 1500), modes: STAFF_RUN,
    use: '卢瑟福背散射与质子激发 X 射线的薄膜成分深度分析',
    makers: [mk('National Electrostatics Corp.', 'US', ['5SDH Pelletron'], 1)],
  },
  {
    key: 'mossbauer', name: '穆斯堡尔谱仪', nameEn: 'Mössbauer spectrometer', categoryCode: '1004',
    medianValueCny: 600_000, weights: w(1, 2, 0, 0.2, 0.1), fee: sample(300, 800), modes: BY_SAMPLE,
    use: '含铁材料价态、磁性与配位环境分析',
    makers: [mk('SEE Co.', 'US', ['W302'], 1), mk('WissEl', 'DE', ['MVT-1000'], 1)],
  },
  // ---------------------------------------------------------------- 11 特种检测仪器
  {
    key: 'chassis-dynamometer', name: '底盘测功机', nameEn: 'Chassis dynamometer', categoryCode: '1102',
    medianValueCny: 2_500_000, weights: w(1, 1, 0, 2, 3), fee: hour(500, 1500), modes: STAFF_RUN,
    use: '整车动力性、经济性与排放工况测试',
    makers: [mk('AVL', 'AT', ['AVL RoadSim 48"'], 2), mk('HORIBA', 'JP', ['VULCAN EMS-CD48L'], 1), mk('MAHA', 'DE', ['MSR 500'], 1)],
  },
  // ---------------------------------------------------------------- 12 工艺实验设备
  {
    key: 'five-axis-machining', name: '五轴联动加工中心', nameEn: 'Five-axis machining centre', categoryCode: '1201',
    medianValueCny: 3_000_000, weights: w(2, 2, 0, 0, 4), fee: hour(300, 800), modes: STAFF_RUN,
    use: '复杂曲面零件精密加工与工艺研究',
    makers: [mk('DMG MORI', 'DE', ['DMU 65 monoBLOCK', 'DMU 50 3rd Generation'], 2), mk('Hermle', 'DE', ['C 42 U'], 1), mk('科德数控', 'CN', ['KMC800 U'], 1)],
  },
  {
    key: 'metal-am', name: '金属3D打印机', nameEn: 'Metal additive manufacturing system (L-PBF)', categoryCode: '1202',
    medianValueCny: 3_000_000, weights: w(3, 3, 0.3, 0.5, 4), fee: hour(200, 600, { setup: [500, 2000], note: '金属粉末另计' }), modes: STAFF_RUN,
    use: '激光粉末床熔融成形与增材制造工艺研究',
    makers: [mk('EOS', 'DE', ['EOS M 290', 'EOS M 400-4'], 2), mk('Nikon SLM Solutions', 'DE', ['SLM 280 2.0'], 1), mk('铂力特', 'CN', ['BLT-S310', 'BLT-S400'], 2), mk('华曙高科', 'CN', ['FS273M'], 1)],
  },
  {
    key: 'flow-reactor', name: '连续流微通道反应器', nameEn: 'Continuous-flow microchannel reactor', categoryCode: '1203',
    medianValueCny: 1_000_000, weights: w(2, 2, 0, 0, 3), fee: day(1000, 3000), modes: STAFF_RUN,
    use: '危险化学反应连续化与工艺放大研究',
    makers: [mk('Corning', 'US', ['Advanced-Flow G1', 'Advanced-Flow Lab Reactor'], 2), mk('Chemtrix', 'NL', ['Protrix'], 1)],
  },
  {
    key: 'bioreactor', name: '平行生物反应器系统', nameEn: 'Parallel bioreactor system', categoryCode: '1204',
    medianValueCny: 900_000, weights: w(3, 4, 1, 0, 4), fee: day(300, 1200), modes: [0.6, 0.7, 0.2],
    use: '微生物发酵与细胞培养工艺开发',
    makers: [mk('Sartorius', 'DE', ['BIOSTAT B', 'Ambr 250'], 2), mk('Eppendorf', 'DE', ['DASGIP Parallel Bioreactor', 'BioFlo 320'], 2), mk('迪必尔', 'CN', ['T&J-Btype'], 1)],
  },
  {
    key: 'ebl', name: '电子束曝光系统', nameEn: 'Electron-beam lithography system (EBL)', categoryCode: '1205',
    medianValueCny: 15_000_000, weights: w(2, 4, 0, 0, 1), fee: hour(800, 2000), modes: STAFF_RUN,
    use: '纳米级图形直写与器件原型制备',
    makers: [mk('Raith', 'DE', ['EBPG 5200+', 'VOYAGER'], 2), mk('JEOL', 'JP', ['JBX-8100FS', 'JBX-9500FS'], 2), mk('Elionix', 'JP', ['ELS-F125'], 1)],
  },
  {
    key: 'mask-aligner', name: '紫外光刻机', nameEn: 'UV mask aligner', categoryCode: '1205',
    medianValueCny: 1_500_000, weights: w(3, 4, 0, 0, 2), fee: hour(150, 400), modes: BY_HOUR,
    use: '微米级光刻图形转移与 MEMS 工艺',
    makers: [mk('SUSS MicroTec', 'DE', ['MA6 Gen4', 'MA8 Gen4'], 3), mk('EV Group', 'AT', ['EVG 610'], 1)],
  },
  {
    key: 'icp-etcher', name: '电感耦合等离子体刻蚀机', nameEn: 'Inductively coupled plasma etcher (ICP-RIE)', categoryCode: '1205',
    medianValueCny: 3_500_000, weights: w(3, 4, 0, 0, 2), fee: hour(300, 800), modes: STAFF_RUN,
    use: '硅、化合物半导体与介质材料各向异性刻蚀',
    makers: [mk('Oxford Instruments', 'GB', ['PlasmaPro 100 Cobra'], 2), mk('SAMCO', 'JP', ['RIE-400iP'], 1), mk('北方华创', 'CN', ['GSE C200'], 1)],
  },
  {
    key: 'pecvd', name: '等离子体增强化学气相沉积系统', nameEn: 'Plasma-enhanced chemical vapour deposition system (PECVD)', categoryCode: '1205',
    medianValueCny: 2_000_000, weights: w(3, 4, 0, 0, 2), fee: hour(200, 600), modes: STAFF_RUN,
    use: '氮化硅、氧化硅等介质薄膜低温沉积',
    makers: [mk('Oxford Instruments', 'GB', ['PlasmaPro 100 PECVD'], 2), mk('SENTECH', 'DE', ['SI 500 D'], 1), mk('北方华创', 'CN', ['NMC 612'], 1)],
  },
  {
    key: 'mbe', name: '分子束外延系统', nameEn: 'Molecular beam epitaxy system (MBE)', categoryCode: '1206',
    medianValueCny: 10_000_000, weights: w(2, 4, 0, 0, 1), fee: day(5000, 15000), modes: STAFF_RUN,
    use: '化合物半导体与量子材料单晶薄膜外延生长',
    makers: [mk('Riber', 'FR', ['Compact 21', 'MBE 412'], 2), mk('Veeco', 'US', ['GEN930', 'GENxplor'], 2), mk('DCA Instruments', 'FI', ['R450'], 1)],
  },
  {
    key: 'magnetron-sputtering', name: '磁控溅射镀膜系统', nameEn: 'Magnetron sputtering system', categoryCode: '1206',
    medianValueCny: 900_000, weights: w(4, 4, 0, 0, 3), fee: hour(150, 400), modes: BY_HOUR,
    use: '金属、氧化物与多层功能薄膜制备',
    makers: [mk('AJA International', 'US', ['ATC Orion 8'], 2), mk('Kurt J. Lesker', 'US', ['PVD 75'], 1), mk('沈阳科仪', 'CN', ['JGP-450'], 2)],
  },
  // ---------------------------------------------------------------- 13 计算机及其配套设备
  {
    key: 'hpc-cluster', name: '高性能计算集群', nameEn: 'High-performance computing cluster', categoryCode: '1301',
    medianValueCny: 9_000_000, weights: w(5, 6, 1, 0.5, 2), fee: hour(4, 20, { step: 0.5, note: '按计算节点·小时计费' }), modes: [1, 0.3, 0],
    use: '科学计算、分子模拟与气候模式等并行计算',
    makers: [
      mk('中科曙光', 'CN', ['TC6600', 'X740-H30'], 3), mk('浪潮', 'CN', ['NF5280M6 集群', 'i24 M6'], 3), mk('联想', 'CN', ['ThinkSystem SD650 V2'], 2),
      mk('华为', 'CN', ['FusionServer Pro XH620 V5'], 1), mk('HPE', 'US', ['Apollo 6500 Gen10 Plus'], 0.5),
    ],
  },
  {
    key: 'gpu-server', name: 'GPU计算服务器', nameEn: 'GPU computing server', categoryCode: '1301',
    medianValueCny: 2_500_000, weights: w(5, 5, 1, 0.3, 2), fee: hour(10, 60, { step: 1, note: '按 GPU 卡·小时计费' }), modes: [1, 0.3, 0],
    use: '深度学习训练、推理与 GPU 加速计算',
    makers: [mk('NVIDIA', 'US', ['DGX A100', 'DGX H100'], 2), mk('浪潮', 'CN', ['NF5688M6', 'NF5488A5'], 3), mk('华为', 'CN', ['Atlas 800 9000'], 2)],
  },
  {
    key: 'storage-system', name: '高性能并行存储系统', nameEn: 'High-performance parallel storage system', categoryCode: '1302',
    medianValueCny: 2_000_000, weights: w(3, 4, 1, 0.5, 1), fee: item(300, 1200, { note: '按每 TB·年计费' }), modes: [1, 0.2, 0],
    use: '科研数据集中存储与并行文件系统服务',
    makers: [mk('华为', 'CN', ['OceanStor Pacific 9950'], 2), mk('DDN', 'US', ['EXAScaler ES400NVX'], 1), mk('中科曙光', 'CN', ['ParaStor 300S'], 2)],
  },
  // ---------------------------------------------------------------- 14 激光器
  {
    key: 'femtosecond-laser', name: '飞秒激光器', nameEn: 'Femtosecond laser', categoryCode: '1401',
    medianValueCny: 3_000_000, weights: w(5, 6, 0.3, 0.2, 1), fee: hour(200, 600), modes: STAFF_RUN,
    use: '超快光谱、非线性光学与飞秒激光微加工',
    makers: [
      mk('Coherent', 'US', ['Astrella', 'Legend Elite Duo', 'Chameleon Ultra II', 'Monaco 1035'], 3), mk('Spectra-Physics', 'US', ['Solstice Ace', 'Spitfire Ace', 'Mai Tai HP', 'InSight X3'], 3),
      mk('Light Conversion', 'LT', ['PHAROS', 'CARBIDE'], 2), mk('Amplitude', 'FR', ['Tangerine'], 1),
    ],
  },
  {
    key: 'excimer-laser', name: '准分子激光器', nameEn: 'Excimer laser', categoryCode: '1402',
    medianValueCny: 1_500_000, weights: w(2, 3, 0, 0, 1), fee: hour(200, 500), modes: STAFF_RUN,
    use: '脉冲激光沉积与紫外微加工',
    makers: [mk('Coherent', 'DE', ['COMPexPro 205 F', 'LEAP 300C'], 1)],
  },
  {
    key: 'fiber-laser', name: '高功率光纤激光器', nameEn: 'High-power fibre laser', categoryCode: '1404',
    medianValueCny: 900_000, weights: w(3, 3, 0, 0.5, 4), fee: hour(100, 300), modes: STAFF_RUN,
    use: '激光焊接、熔覆与切割工艺研究',
    makers: [mk('IPG Photonics', 'DE', ['YLS-6000', 'YLR-2000'], 2), mk('锐科激光', 'CN', ['RFL-C6000', 'RFL-C12000'], 3), mk('创鑫激光', 'CN', ['MFSC-6000'], 1), mk('TRUMPF', 'DE', ['TruFiber 6000'], 1)],
  },
  // ---------------------------------------------------------------- 15 其他仪器
  {
    key: 'climate-chamber', name: '高低温湿热试验箱', nameEn: 'Temperature and humidity test chamber', categoryCode: '1501',
    medianValueCny: 400_000, weights: w(2, 2, 0, 4, 5), fee: day(200, 800), modes: [0.6, 0.6, 0.6],
    use: '产品高低温、湿热与温度循环环境试验',
    makers: [mk('ESPEC', 'JP', ['PL-3KPH', 'SH-662'], 2), mk('Weiss Technik', 'DE', ['ClimeEvent C/1000/40/5'], 1), mk('BINDER', 'DE', ['MK 720'], 1), mk('苏试试验', 'CN', ['ETH-1000'], 2)],
  },
  {
    key: 'dilution-refrigerator', name: '稀释制冷机', nameEn: 'Dilution refrigerator', categoryCode: '1504',
    medianValueCny: 6_000_000, weights: w(3, 5, 0, 0, 1), fee: day(2000, 6000), modes: STAFF_RUN,
    use: '毫开尔文极低温量子器件与凝聚态物理测量',
    makers: [mk('Oxford Instruments', 'GB', ['Triton XL', 'Proteox'], 2), mk('Bluefors', 'FI', ['LD400', 'XLD1000'], 2)],
  },
];
