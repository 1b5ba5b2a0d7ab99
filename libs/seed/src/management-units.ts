import type { Region } from '@app/common';
import type { Sector, UnitKind } from '@app/catalog';

/**
 * Real management units (管理单位) of each region: the universities,
 * institutes, hospitals, testing centres and state enterprises that own large
 * instruments there. Their sector decides the competent department (Art. 7)
 * and their kind decides which instrument families they plausibly own.
 * Addresses are campus-level and indicative; they only need to look right in
 * the demo and in search results.
 */

export interface CitySite {
  /** Prefecture-level city as the API carries it, e.g. `嘉兴市`. */
  name: string;
  /** City centre, WGS-84. */
  lat: number;
  lon: number;
  /** Half-size in degrees of the box around the centre where units sit. */
  spread: number;
}

export interface UnitSeed {
  name: string;
  nameEn: string;
  kind: UnitKind;
  sector: Sector;
  /** Key into the region's cities. */
  city: string;
  /** Relative number of instruments the unit owns. */
  weight: number;
  /** Campus address without building/room. */
  address: string;
  /**
   * Campus away from the city centre (e.g. a county-level city of the
   * prefecture): units then cluster around this point instead.
   */
  site?: { lat: number; lon: number; spread: number };
}

export interface RegionSeed {
  region: Region;
  /** Prefix of unit ids (`jx-u001`) and, upper-cased, of local ids. */
  prefix: string;
  /** Customs district code (4 digits) leading declaration numbers. */
  customsCode: string;
  /** Province-level body that receives exemption filings (省大仪办 or equivalent), and its reference prefix. */
  filingOffice: string;
  filingPrefix: string;
  /** Competent departments by sector, and the abbreviation used in their document numbers. */
  departments: Readonly<Record<Sector, { name: string; docPrefix: string }>>;
  cities: Readonly<Record<string, CitySite>>;
  units: readonly UnitSeed[];
}

const city = (name: string, lat: number, lon: number, spread: number): CitySite => ({ name, lat, lon, spread });

function unit(
  name: string,
  nameEn: string,
  kind: UnitKind,
  sector: Sector,
  cityKey: string,
  weight: number,
  address: string,
  site?: UnitSeed['site'],
): UnitSeed {
  return { name, nameEn, kind, sector, city: cityKey, weight, address, ...(site ? { site } : {}) };
}

const ZHEJIANG_DEPARTMENTS = {
  education: { name: '浙江省教育厅', docPrefix: '浙教' },
  health: { name: '浙江省卫生健康委员会', docPrefix: '浙卫' },
  market_regulation: { name: '浙江省市场监督管理局', docPrefix: '浙市监' },
  sasac: { name: '浙江省人民政府国有资产监督管理委员会', docPrefix: '浙国资' },
  science: { name: '浙江省科学技术厅', docPrefix: '浙科' },
} as const;

export const REGION_SEEDS: Readonly<Record<Region, RegionSeed>> = {
  jiaxing: {
    region: 'jiaxing',
    prefix: 'jx',
    customsCode: '2920',
    filingOffice: '浙江省大型科学仪器设备协作共用网管理办公室',
    filingPrefix: '浙大仪备',
    departments: {
      education: { name: '嘉兴市教育局', docPrefix: '嘉教' },
      health: { name: '嘉兴市卫生健康委员会', docPrefix: '嘉卫' },
      market_regulation: { name: '嘉兴市市场监督管理局', docPrefix: '嘉市监' },
      sasac: { name: '嘉兴市人民政府国有资产监督管理委员会', docPrefix: '嘉国资' },
      science: { name: '嘉兴市科学技术局', docPrefix: '嘉科' },
    },
    cities: { jiaxing: city('嘉兴市', 30.7469, 120.7555, 0.06) },
    units: [
      unit('嘉兴学院', 'Jiaxing University', 'university', 'education', 'jiaxing', 8, '嘉兴市南湖区嘉杭路118号'),
      unit(
        '浙江清华长三角研究院',
        'Yangtze Delta Region Institute of Tsinghua University, Zhejiang',
        'institute',
        'science',
        'jiaxing',
        7,
        '嘉兴市南湖区亚太路705号',
      ),
      unit('浙江大学嘉兴研究院', 'Jiaxing Research Institute, Zhejiang University', 'institute', 'science', 'jiaxing', 4, '嘉兴市南湖区凌公塘路3339号'),
      unit('中国电子科技南湖研究院', 'CETC Nanhu Research Institute', 'institute', 'sasac', 'jiaxing', 4, '嘉兴市南湖区广益路1388号'),
      unit(
        '北京理工大学长三角研究院（嘉兴）',
        'Yangtze River Delta Research Institute of BIT (Jiaxing)',
        'institute',
        'science',
        'jiaxing',
        3,
        '嘉兴市南湖区亚中路1号',
      ),
      unit('嘉兴市第一医院', 'The First Hospital of Jiaxing', 'hospital', 'health', 'jiaxing', 5, '嘉兴市南湖区中环南路1882号'),
      unit('嘉兴市第二医院', 'The Second Hospital of Jiaxing', 'hospital', 'health', 'jiaxing', 4, '嘉兴市南湖区环城北路1518号'),
      unit('嘉兴市妇幼保健院', 'Jiaxing Maternity and Child Health Care Hospital', 'hospital', 'health', 'jiaxing', 2, '嘉兴市南湖区东升东路2468号'),
      unit('嘉兴市中医医院', 'Jiaxing Hospital of Traditional Chinese Medicine', 'hospital', 'health', 'jiaxing', 2, '嘉兴市南湖区中山东路1501号'),
      unit(
        '嘉兴市食品药品与产品质量检验检测院',
        'Jiaxing Institute of Food, Drug and Product Quality Inspection',
        'testing_center',
        'market_regulation',
        'jiaxing',
        5,
        '嘉兴市秀洲区康和路1288号',
      ),
      unit('嘉兴市疾病预防控制中心', 'Jiaxing Center for Disease Control and Prevention', 'testing_center', 'health', 'jiaxing', 3, '嘉兴市南湖区纺工路486号'),
      unit('嘉兴南湖学院', 'Jiaxing Nanhu University', 'university', 'education', 'jiaxing', 3, '嘉兴市南湖区七星街道东方路572号'),
      unit('同济大学浙江学院', 'Tongji Zhejiang College', 'university', 'education', 'jiaxing', 2, '嘉兴市南湖区嘉杭路168号'),
      unit('嘉兴职业技术学院', 'Jiaxing Vocational & Technical College', 'university', 'education', 'jiaxing', 1, '嘉兴市秀洲区秀洲大道547号'),
      unit('浙江大学海宁国际校区', 'Zhejiang University International Campus (Haining)', 'university', 'education', 'jiaxing', 4, '嘉兴市海宁市海州东路718号', {
        lat: 30.515,
        lon: 120.707,
        spread: 0.02,
      }),
      unit('嘉兴市农业科学研究院', 'Jiaxing Academy of Agricultural Sciences', 'institute', 'science', 'jiaxing', 2, '嘉兴市南湖区东栅街道农科路1号'),
      unit('中国电子科技集团公司第三十六研究所', 'The 36th Research Institute of CETC', 'enterprise', 'sasac', 'jiaxing', 3, '嘉兴市南湖区洪兴路387号'),
      unit('桐乡市第一人民医院', 'The First People’s Hospital of Tongxiang', 'hospital', 'health', 'jiaxing', 1, '嘉兴市桐乡市庆丰南路1918号', {
        lat: 30.63,
        lon: 120.565,
        spread: 0.015,
      }),
    ],
  },
  zhejiang: {
    region: 'zhejiang',
    prefix: 'zj',
    customsCode: '2901',
    filingOffice: '浙江省大型科学仪器设备协作共用网管理办公室',
    filingPrefix: '浙大仪备',
    departments: ZHEJIANG_DEPARTMENTS,
    cities: {
      hangzhou: city('杭州市', 30.2741, 120.1551, 0.1),
      ningbo: city('宁波市', 29.8683, 121.544, 0.07),
      wenzhou: city('温州市', 27.9943, 120.6994, 0.06),
      shaoxing: city('绍兴市', 30.0303, 120.5802, 0.05),
      huzhou: city('湖州市', 30.893, 120.0868, 0.05),
    },
    units: [
      unit('浙江大学', 'Zhejiang University', 'university', 'education', 'hangzhou', 14, '杭州市西湖区余杭塘路866号'),
      unit('浙江工业大学', 'Zhejiang University of Technology', 'university', 'education', 'hangzhou', 6, '杭州市拱墅区潮王路18号'),
      unit('杭州电子科技大学', 'Hangzhou Dianzi University', 'university', 'education', 'hangzhou', 4, '杭州市钱塘区白杨街道2号大街1158号'),
      unit('浙江理工大学', 'Zhejiang Sci-Tech University', 'university', 'education', 'hangzhou', 3, '杭州市钱塘区白杨街道2号大街928号'),
      unit('中国计量大学', 'China Jiliang University', 'university', 'education', 'hangzhou', 3, '杭州市钱塘区学源街258号'),
      unit('西湖大学', 'Westlake University', 'university', 'education', 'hangzhou', 5, '杭州市西湖区墩余路600号'),
      unit('之江实验室', 'Zhejiang Lab', 'institute', 'science', 'hangzhou', 6, '杭州市余杭区中泰街道之江实验室南湖总部'),
      unit('浙江省农业科学院', 'Zhejiang Academy of Agricultural Sciences', 'institute', 'science', 'hangzhou', 3, '杭州市上城区石桥路198号'),
      unit('浙江省人民医院', 'Zhejiang Provincial People’s Hospital', 'hospital', 'health', 'hangzhou', 4, '杭州市拱墅区上塘路158号'),
      unit(
        '浙江大学医学院附属第一医院',
        'The First Affiliated Hospital, Zhejiang University School of Medicine',
        'hospital',
        'health',
        'hangzhou',
        5,
        '杭州市上城区庆春路79号',
      ),
      unit(
        '浙江省计量科学研究院',
        'Zhejiang Institute of Metrology',
        'testing_center',
        'market_regulation',
        'hangzhou',
        3,
        '杭州市钱塘区下沙经济开发区10号大街300号',
      ),
      unit(
        '浙江省食品药品检验研究院',
        'Zhejiang Institute for Food and Drug Control',
        'testing_center',
        'market_regulation',
        'hangzhou',
        3,
        '杭州市拱墅区莫干山路1500号',
      ),
      unit('浙江浙能技术研究院有限公司', 'Zhejiang Energy Technology Research Institute', 'enterprise', 'sasac', 'hangzhou', 2, '杭州市西湖区天目山路152号'),
      unit('宁波大学', 'Ningbo University', 'university', 'education', 'ningbo', 5, '宁波市江北区风华路818号'),
      unit(
        '中国科学院宁波材料技术与工程研究所',
        'Ningbo Institute of Materials Technology and Engineering, CAS',
        'institute',
        'science',
        'ningbo',
        6,
        '宁波市镇海区中官西路1219号',
      ),
      unit('甬江实验室', 'Yongjiang Laboratory', 'institute', 'science', 'ningbo', 2, '宁波市镇海区庄市街道甬江实验室'),
      unit('宁波市第一医院', 'Ningbo First Hospital', 'hospital', 'health', 'ningbo', 2, '宁波市海曙区柳汀街59号'),
      unit('温州医科大学', 'Wenzhou Medical University', 'university', 'education', 'wenzhou', 4, '温州市瓯海区茶山高教园区'),
      unit('温州大学', 'Wenzhou University', 'university', 'education', 'wenzhou', 2, '温州市瓯海区茶山高教园区'),
      unit(
        '温州医科大学附属第一医院',
        'The First Affiliated Hospital of Wenzhou Medical University',
        'hospital',
        'health',
        'wenzhou',
        3,
        '温州市瓯海区南白象街道上蔡村',
      ),
      unit('绍兴文理学院', 'Shaoxing University', 'university', 'education', 'shaoxing', 2, '绍兴市越城区城南大道900号'),
      unit('绍兴市人民医院', 'Shaoxing People’s Hospital', 'hospital', 'health', 'shaoxing', 1, '绍兴市越城区中兴北路568号'),
      unit('湖州师范学院', 'Huzhou University', 'university', 'education', 'huzhou', 2, '湖州市吴兴区学士路1号'),
      unit('湖州市中心医院', 'Huzhou Central Hospital', 'hospital', 'health', 'huzhou', 1, '湖州市吴兴区红旗路198号'),
    ],
  },
  shanghai: {
    region: 'shanghai',
    prefix: 'sh',
    customsCode: '2201',
    filingOffice: '上海研发公共服务平台管理中心',
    filingPrefix: '沪大仪备',
    departments: {
      education: { name: '上海市教育委员会', docPrefix: '沪教委' },
      health: { name: '上海市卫生健康委员会', docPrefix: '沪卫' },
      market_regulation: { name: '上海市市场监督管理局', docPrefix: '沪市监' },
      sasac: { name: '上海市国有资产监督管理委员会', docPrefix: '沪国资委' },
      science: { name: '上海市科学技术委员会', docPrefix: '沪科' },
    },
    cities: { shanghai: city('上海市', 31.2304, 121.4737, 0.15) },
    units: [
      unit('复旦大学', 'Fudan University', 'university', 'education', 'shanghai', 10, '上海市杨浦区邯郸路220号'),
      unit('上海交通大学', 'Shanghai Jiao Tong University', 'university', 'education', 'shanghai', 12, '上海市闵行区东川路800号'),
      unit('同济大学', 'Tongji University', 'university', 'education', 'shanghai', 7, '上海市杨浦区四平路1239号'),
      unit('华东师范大学', 'East China Normal University', 'university', 'education', 'shanghai', 5, '上海市闵行区东川路500号'),
      unit('华东理工大学', 'East China University of Science and Technology', 'university', 'education', 'shanghai', 5, '上海市徐汇区梅陇路130号'),
      unit('上海大学', 'Shanghai University', 'university', 'education', 'shanghai', 4, '上海市宝山区上大路99号'),
      unit('上海科技大学', 'ShanghaiTech University', 'university', 'education', 'shanghai', 4, '上海市浦东新区华夏中路393号'),
      unit('中国科学院上海有机化学研究所', 'Shanghai Institute of Organic Chemistry, CAS', 'institute', 'science', 'shanghai', 6, '上海市徐汇区零陵路345号'),
      unit('中国科学院上海硅酸盐研究所', 'Shanghai Institute of Ceramics, CAS', 'institute', 'science', 'shanghai', 4, '上海市长宁区定西路1295号'),
      unit(
        '中国科学院上海光学精密机械研究所',
        'Shanghai Institute of Optics and Fine Mechanics, CAS',
        'institute',
        'science',
        'shanghai',
        4,
        '上海市嘉定区清河路390号',
      ),
      unit('中国科学院上海药物研究所', 'Shanghai Institute of Materia Medica, CAS', 'institute', 'science', 'shanghai', 4, '上海市浦东新区海科路555号'),
      unit(
        '上海市计量测试技术研究院',
        'Shanghai Institute of Measurement and Testing Technology',
        'testing_center',
        'market_regulation',
        'shanghai',
        4,
        '上海市徐汇区宜山路716号',
      ),
      unit(
        '上海市质量监督检验技术研究院',
        'Shanghai Institute of Quality Inspection and Technical Research',
        'testing_center',
        'market_regulation',
        'shanghai',
        3,
        '上海市浦东新区川沙路918号',
      ),
      unit(
        '上海交通大学医学院附属瑞金医院',
        'Ruijin Hospital, Shanghai Jiao Tong University School of Medicine',
        'hospital',
        'health',
        'shanghai',
        5,
        '上海市黄浦区瑞金二路197号',
      ),
      unit('复旦大学附属中山医院', 'Zhongshan Hospital, Fudan University', 'hospital', 'health', 'shanghai', 5, '上海市徐汇区枫林路180号'),
      unit('复旦大学附属华山医院', 'Huashan Hospital, Fudan University', 'hospital', 'health', 'shanghai', 4, '上海市静安区乌鲁木齐中路12号'),
      unit('上海电气集团股份有限公司中央研究院', 'Shanghai Electric Central Academe', 'enterprise', 'sasac', 'shanghai', 2, '上海市闵行区剑川路960号'),
      unit('上海飞机设计研究院', 'Shanghai Aircraft Design and Research Institute (COMAC)', 'enterprise', 'sasac', 'shanghai', 2, '上海市浦东新区金科路5188号'),
    ],
  },
  jiangsu: {
    region: 'jiangsu',
    prefix: 'js',
    customsCode: '2301',
    filingOffice: '江苏省大型科学仪器设备共享服务平台管理中心',
    filingPrefix: '苏大仪备',
    departments: {
      education: { name: '江苏省教育厅', docPrefix: '苏教' },
      health: { name: '江苏省卫生健康委员会', docPrefix: '苏卫' },
      market_regulation: { name: '江苏省市场监督管理局', docPrefix: '苏市监' },
      sasac: { name: '江苏省人民政府国有资产监督管理委员会', docPrefix: '苏国资' },
      science: { name: '江苏省科学技术厅', docPrefix: '苏科' },
    },
    cities: {
      nanjing: city('南京市', 32.0603, 118.7969, 0.1),
      suzhou: city('苏州市', 31.2989, 120.5853, 0.08),
      wuxi: city('无锡市', 31.4912, 120.3119, 0.06),
      changzhou: city('常州市', 31.8107, 119.9741, 0.05),
    },
    units: [
      unit('南京大学', 'Nanjing University', 'university', 'education', 'nanjing', 10, '南京市栖霞区仙林大道163号'),
      unit('东南大学', 'Southeast University', 'university', 'education', 'nanjing', 8, '南京市江宁区东南大学路2号'),
      unit('南京航空航天大学', 'Nanjing University of Aeronautics and Astronautics', 'university', 'education', 'nanjing', 5, '南京市秦淮区御道街29号'),
      unit('南京理工大学', 'Nanjing University of Science and Technology', 'university', 'education', 'nanjing', 5, '南京市玄武区孝陵卫200号'),
      unit('南京工业大学', 'Nanjing Tech University', 'university', 'education', 'nanjing', 3, '南京市浦口区浦珠南路30号'),
      unit('南京医科大学', 'Nanjing Medical University', 'university', 'education', 'nanjing', 3, '南京市江宁区龙眠大道101号'),
      unit('江苏省人民医院', 'Jiangsu Province Hospital', 'hospital', 'health', 'nanjing', 4, '南京市鼓楼区广州路300号'),
      unit('南京鼓楼医院', 'Nanjing Drum Tower Hospital', 'hospital', 'health', 'nanjing', 4, '南京市鼓楼区中山路321号'),
      unit('中国科学院南京土壤研究所', 'Institute of Soil Science, CAS', 'institute', 'science', 'nanjing', 3, '南京市玄武区北京东路71号'),
      unit('中国科学院紫金山天文台', 'Purple Mountain Observatory, CAS', 'institute', 'science', 'nanjing', 2, '南京市栖霞区元化路10号'),
      unit('江苏省计量科学研究院', 'Jiangsu Institute of Metrology', 'testing_center', 'market_regulation', 'nanjing', 3, '南京市建邺区光华东街5号'),
      unit(
        '江苏省产品质量监督检验研究院',
        'Jiangsu Product Quality Testing & Inspection Institute',
        'testing_center',
        'market_regulation',
        'nanjing',
        3,
        '南京市建邺区江东中路386号',
      ),
      unit('苏州大学', 'Soochow University', 'university', 'education', 'suzhou', 6, '苏州市姑苏区十梓街1号'),
      unit(
        '中国科学院苏州纳米技术与纳米仿生研究所',
        'Suzhou Institute of Nano-Tech and Nano-Bionics, CAS',
        'institute',
        'science',
        'suzhou',
        6,
        '苏州市苏州工业园区若水路398号',
      ),
      unit('西交利物浦大学', 'Xi’an Jiaotong-Liverpool University', 'university', 'education', 'suzhou', 2, '苏州市苏州工业园区仁爱路111号'),
      unit('苏州大学附属第一医院', 'The First Affiliated Hospital of Soochow University', 'hospital', 'health', 'suzhou', 3, '苏州市姑苏区十梓街188号'),
      unit('江南大学', 'Jiangnan University', 'university', 'education', 'wuxi', 5, '无锡市滨湖区蠡湖大道1800号'),
      unit('国家超级计算无锡中心', 'National Supercomputing Center in Wuxi', 'institute', 'science', 'wuxi', 2, '无锡市滨湖区蠡湖大道1800号'),
      unit(
        '中国船舶集团有限公司第七〇二研究所',
        'China Ship Scientific Research Center (CSSC 702)',
        'enterprise',
        'sasac',
        'wuxi',
        2,
        '无锡市滨湖区山水东路222号',
      ),
      unit('常州大学', 'Changzhou University', 'university', 'education', 'changzhou', 2, '常州市武进区滆湖中路21号'),
    ],
  },
  anhui: {
    region: 'anhui',
    prefix: 'ah',
    customsCode: '3301',
    filingOffice: '安徽省大型科学仪器共享服务平台管理办公室',
    filingPrefix: '皖大仪备',
    departments: {
      education: { name: '安徽省教育厅', docPrefix: '皖教' },
      health: { name: '安徽省卫生健康委员会', docPrefix: '皖卫' },
      market_regulation: { name: '安徽省市场监督管理局', docPrefix: '皖市监' },
      sasac: { name: '安徽省人民政府国有资产监督管理委员会', docPrefix: '皖国资' },
      science: { name: '安徽省科学技术厅', docPrefix: '皖科' },
    },
    cities: {
      hefei: city('合肥市', 31.8206, 117.2272, 0.08),
      wuhu: city('芜湖市', 31.3526, 118.4331, 0.05),
      huainan: city('淮南市', 32.6255, 116.9998, 0.05),
    },
    units: [
      unit('中国科学技术大学', 'University of Science and Technology of China', 'university', 'education', 'hefei', 12, '合肥市包河区金寨路96号'),
      unit('合肥工业大学', 'Hefei University of Technology', 'university', 'education', 'hefei', 6, '合肥市包河区屯溪路193号'),
      unit('安徽大学', 'Anhui University', 'university', 'education', 'hefei', 4, '合肥市蜀山区九龙路111号'),
      unit('安徽医科大学', 'Anhui Medical University', 'university', 'education', 'hefei', 3, '合肥市蜀山区梅山路81号'),
      unit('中国科学院合肥物质科学研究院', 'Hefei Institutes of Physical Science, CAS', 'institute', 'science', 'hefei', 8, '合肥市蜀山区蜀山湖路350号'),
      unit('安徽省农业科学院', 'Anhui Academy of Agricultural Sciences', 'institute', 'science', 'hefei', 2, '合肥市庐阳区农科南路40号'),
      unit(
        '安徽医科大学第一附属医院',
        'The First Affiliated Hospital of Anhui Medical University',
        'hospital',
        'health',
        'hefei',
        4,
        '合肥市蜀山区绩溪路218号',
      ),
      unit(
        '中国科学技术大学附属第一医院（安徽省立医院）',
        'The First Affiliated Hospital of USTC (Anhui Provincial Hospital)',
        'hospital',
        'health',
        'hefei',
        4,
        '合肥市庐阳区庐江路17号',
      ),
      unit('安徽省计量科学研究院', 'Anhui Institute of Metrology', 'testing_center', 'market_regulation', 'hefei', 2, '合肥市包河区花园大道9号'),
      unit(
        '安徽省产品质量监督检验研究院',
        'Anhui Institute of Product Quality Supervision and Inspection',
        'testing_center',
        'market_regulation',
        'hefei',
        2,
        '合肥市经济技术开发区繁华大道',
      ),
      unit('中国电子科技集团公司第三十八研究所', 'The 38th Research Institute of CETC', 'enterprise', 'sasac', 'hefei', 3, '合肥市高新区香樟大道199号'),
      unit('安徽师范大学', 'Anhui Normal University', 'university', 'education', 'wuhu', 3, '芜湖市弋江区九华南路189号'),
      unit('安徽工程大学', 'Anhui Polytechnic University', 'university', 'education', 'wuhu', 2, '芜湖市鸠江区北京中路8号'),
      unit('安徽理工大学', 'Anhui University of Science and Technology', 'university', 'education', 'huainan', 2, '淮南市田家庵区泰丰大街168号'),
    ],
  },
};

/**
 * A box that contains every generated coordinate of the region (city boxes
 * plus unit sites plus the per-instrument jitter), for tests and for clients
 * that want to frame a map. Derived from the data so it cannot drift.
 */
export function regionBounds(region: Region): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const seed = REGION_SEEDS[region];
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  const add = (lat: number, lon: number, spread: number) => {
    const s = spread + INSTRUMENT_JITTER_DEG;
    minLat = Math.min(minLat, lat - s);
    maxLat = Math.max(maxLat, lat + s);
    minLon = Math.min(minLon, lon - s);
    maxLon = Math.max(maxLon, lon + s);
  };
  for (const c of Object.values(seed.cities)) add(c.lat, c.lon, c.spread);
  for (const u of seed.units) if (u.site) add(u.site.lat, u.site.lon, u.site.spread);
  return { minLat, maxLat, minLon, maxLon };
}

/** Instruments of one unit sit in its buildings: this close to the unit's anchor point. */
export const INSTRUMENT_JITTER_DEG = 0.004;
