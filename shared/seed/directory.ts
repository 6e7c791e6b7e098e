import { CITY_LEVEL_DISTRICT, DISCLOSURE_CATEGORY } from '../domain/disclosure/intake.js';
import type {
  CaseType,
  Category,
  Department,
  DirectoryData,
  District,
  HotlineLine,
  RoutingRule,
} from '../domain/index.js';
import { SEED_CALENDAR_YEARS } from './calendar/index.js';

// The demo city 江城市 (fictional): the directory the local stack seeds at start and `npm run seed`
// writes to a deployed directory table. Real cities replace it with their own dispatch catalogue.

/** 十个区县 the ten districts. */
export const SEED_DISTRICTS: District[] = [
  { code: 'gulou', name: '鼓楼区' },
  { code: 'jiangan', name: '江岸区' },
  { code: 'jiangbin', name: '江滨区' },
  { code: 'chengxi', name: '城西区' },
  { code: 'donghu', name: '东湖区' },
  { code: 'nanhu', name: '南湖区' },
  { code: 'beishan', name: '北山区' },
  { code: 'gaoxin', name: '高新技术产业开发区' },
  { code: 'linjiang', name: '临江新区' },
  { code: 'qingshi', name: '青石县' },
];

/** 市级部门和公共服务企业 city-level departments and the utilities that take 12345 orders. */
const CITY_DEPARTMENTS: Department[] = [
  { id: 'water-group', name: '江城水务集团' },
  { id: 'heating-company', name: '江城热力有限公司' },
  { id: 'market-regulation', name: '市市场监督管理局' },
  { id: 'hrss', name: '市人力资源和社会保障局（劳动保障监察支队）' },
  { id: 'housing', name: '市住房和城乡建设局' },
  { id: 'urban-management', name: '市城市管理局' },
  { id: 'ecology-environment', name: '市生态环境局' },
  { id: 'transport', name: '市交通运输局' },
  { id: 'public-security', name: '市公安局（非紧急警务）' },
  { id: 'traffic-police', name: '市公安局交通警察支队' },
  { id: 'education', name: '市教育局' },
  { id: 'health', name: '市卫生健康委员会' },
  { id: 'healthcare-security', name: '市医疗保障局' },
  { id: 'natural-resources', name: '市自然资源和规划局' },
  { id: 'civil-affairs', name: '市民政局' },
  { id: 'power-supply', name: '国网江城供电公司' },
  { id: 'gas-group', name: '江城燃气集团' },
  { id: 'communications', name: '市通信管理办公室' },
  { id: 'tax', name: '国家税务总局江城市税务局' },
  { id: 'culture-tourism', name: '市文化广电和旅游局' },
  { id: 'housing-fund', name: '江城住房公积金管理中心' },
  { id: 'landscaping', name: '市园林绿化局' },
  { id: 'government-services', name: '市政务服务和数据管理局' },
];

/** Each district's urban management bureau (区城管): noise, street vending, city appearance, refuse. */
export function districtUrbanManagementId(district: string): string {
  return `${district}-urban-management`;
}

/** Each district's government (区政府, with its 街道办事处): 属地 co-handler and lead for local matters. */
export function districtGovernmentId(district: string): string {
  return `${district}-government`;
}

/** A county has a 县 bureau and 县人民政府; a district a 区 one. */
function localName(district: District, suffix: string): string {
  return `${district.name}${suffix}`;
}

const DISTRICT_DEPARTMENTS: Department[] = SEED_DISTRICTS.flatMap((d) => [
  {
    id: districtUrbanManagementId(d.code),
    name: localName(d, d.code === 'gaoxin' || d.code === 'linjiang' ? '城市管理和综合执法局' : '城市管理局'),
    district: d.code,
  },
  {
    id: districtGovernmentId(d.code),
    name: localName(d, d.code === 'gaoxin' || d.code === 'linjiang' ? '管理委员会' : '人民政府'),
    district: d.code,
  },
]);

export const SEED_DEPARTMENTS: Department[] = [...CITY_DEPARTMENTS, ...DISTRICT_DEPARTMENTS];

function category(code: string, name: string, defaultType: CaseType, keywords?: string[]): Category {
  return { code, name, defaultType, ...(keywords ? { keywords } : {}) };
}

/** 诉求分类 the forty categories citizens and agents choose from. */
export const SEED_CATEGORIES: Category[] = [
  category('water-supply', '供水', 'help', ['停水', '断水', '水压', '自来水', '水质', '水管', '没水']),
  category('heating', '供暖', 'complaint', ['暖气', '供暖', '供热', '不热', '采暖']),
  category('noise', '噪音扰民', 'complaint', ['噪音', '噪声', '扰民', '施工', '吵']),
  category('road-damage', '道路破损', 'complaint', ['路面', '坑', '井盖', '塌陷', '破损', '道路']),
  category('property-dispute', '物业纠纷', 'complaint', ['物业', '物业费', '业委会']),
  category('wage-arrears', '劳动欠薪', 'complaint', ['欠薪', '工资', '拖欠', '讨薪']),
  category('gas', '燃气', 'help', ['燃气', '煤气', '天然气', '燃气味', '漏气']),
  category('power-supply', '供电', 'help', ['停电', '断电', '电压', '供电', '跳闸']),
  category('city-appearance', '市容环境', 'complaint', ['市容', '脏乱', '乱贴', '小广告']),
  category('illegal-construction', '违章建筑', 'report', ['违建', '违章建筑', '私搭乱建', '加盖']),
  category('food-safety', '食品安全', 'report', ['食品', '变质', '过期', '食物中毒', '餐馆卫生']),
  category('consumer-rights', '消费维权', 'complaint', ['退款', '消费', '商家', '假货', '维权']),
  category('public-transit', '公交出行', 'suggestion', ['公交', '地铁', '线路', '站点']),
  category('taxi', '出租车', 'complaint', ['出租车', '网约车', '拒载', '绕路']),
  category('education-fees', '教育收费', 'complaint', ['学费', '乱收费', '择校费']),
  category('medical-services', '医疗服务', 'complaint', ['医院', '医生', '看病', '挂号']),
  category('medical-insurance', '医保报销', 'consultation', ['医保', '报销']),
  category('social-insurance', '社保', 'consultation', ['社保', '养老保险', '失业保险']),
  category('household-registration', '户籍', 'consultation', ['户口', '户籍', '落户', '身份证']),
  category('pollution', '环境污染', 'report', ['污染', '排污', '异味', '臭味', '废气', '污水']),
  category('garbage-collection', '垃圾清运', 'complaint', ['垃圾', '清运', '垃圾桶']),
  category('street-vending', '占道经营', 'complaint', ['占道', '摆摊', '流动摊贩']),
  category('parking', '停车管理', 'complaint', ['停车', '乱停', '车位']),
  category('housing-quality', '房屋质量', 'complaint', ['漏水', '渗水', '裂缝', '房屋质量']),
  category('relocation', '拆迁安置', 'help', ['拆迁', '安置', '征收']),
  category('housing-fund', '公积金', 'consultation', ['公积金']),
  category('elderly-care', '养老服务', 'help', ['养老院', '老人', '养老服务']),
  category('subsistence-allowance', '低保救助', 'help', ['低保', '救助', '困难补助']),
  category('telecom', '通信网络', 'complaint', ['信号', '宽带', '网络', '手机卡']),
  category('price-regulation', '价格监管', 'report', ['价格', '涨价', '明码标价']),
  category('taxation', '税务', 'consultation', ['税', '发票', '纳税']),
  category('culture-tourism', '文化旅游', 'complaint', ['景区', '旅游', '导游']),
  category('greening', '园林绿化', 'suggestion', ['绿化', '树木', '草坪', '修剪']),
  category('street-lighting', '路灯照明', 'help', ['路灯', '照明', '灯不亮']),
  category('drainage', '排水防涝', 'help', ['积水', '内涝', '下水道', '排水', '堵塞']),
  category('traffic-signals', '交通信号', 'suggestion', ['红绿灯', '信号灯', '交通灯']),
  category('pet-management', '宠物管理', 'complaint', ['狗', '宠物', '遛狗', '犬']),
  category('after-school-tutoring', '校外培训', 'report', ['培训班', '补课', '校外培训']),
  category('policy-consultation', '政策咨询', 'consultation', ['政策', '办理', '咨询']),
  // 依申请公开 (《政府信息公开条例》第二十九条): no routing rule, the request goes to the body it is
  // addressed to (第二十七条). No keywords either: a free-text message never becomes a request
  // (the WeChat channel points such a message to the form, which asks for the applicant's identity).
  category(DISCLOSURE_CATEGORY, '政府信息公开', 'disclosure'),
  // No routing rule on purpose: an appeal no category fits goes to a dispatcher (pending_dispatch).
  category('other', '其他', 'consultation'),
];

function rule(
  categoryCode: string,
  district: string,
  departmentId: string,
  coHandlers: string[] = [],
  priority = 0,
): RoutingRule {
  return { category: categoryCode, district, departmentId, coHandlers, priority };
}

/** Categories a city department handles wherever the appeal comes from. */
const CITY_RULES: RoutingRule[] = [
  rule('water-supply', '*', 'water-group'),
  rule('heating', '*', 'heating-company', ['housing']),
  rule('road-damage', '*', 'urban-management', ['transport']),
  rule('wage-arrears', '*', 'hrss'),
  rule('gas', '*', 'gas-group'),
  rule('power-supply', '*', 'power-supply'),
  rule('food-safety', '*', 'market-regulation'),
  rule('consumer-rights', '*', 'market-regulation'),
  rule('public-transit', '*', 'transport'),
  rule('taxi', '*', 'transport'),
  rule('education-fees', '*', 'education', ['market-regulation']),
  rule('medical-services', '*', 'health'),
  rule('medical-insurance', '*', 'healthcare-security'),
  rule('social-insurance', '*', 'hrss'),
  rule('household-registration', '*', 'public-security'),
  rule('pollution', '*', 'ecology-environment'),
  rule('parking', '*', 'traffic-police', ['urban-management']),
  rule('housing-quality', '*', 'housing'),
  rule('housing-fund', '*', 'housing-fund'),
  rule('elderly-care', '*', 'civil-affairs'),
  rule('telecom', '*', 'communications'),
  rule('price-regulation', '*', 'market-regulation'),
  rule('taxation', '*', 'tax'),
  rule('culture-tourism', '*', 'culture-tourism'),
  rule('greening', '*', 'landscaping'),
  rule('street-lighting', '*', 'urban-management'),
  rule('drainage', '*', 'water-group', ['urban-management']),
  rule('traffic-signals', '*', 'traffic-police'),
  rule('pet-management', '*', 'public-security'),
  rule('after-school-tutoring', '*', 'education'),
  rule('policy-consultation', '*', 'government-services'),
  // 依申请公开 goes to the body addressed (第二十七条); this rule only catches a request to a body the
  // directory does not hold: the 政务公开 office of the city (in the 政务服务和数据管理局) forwards it.
  rule(DISCLOSURE_CATEGORY, '*', 'government-services'),
  // Fallbacks for the 属地 categories below, so a district added later still routes somewhere.
  rule('noise', '*', 'urban-management', ['public-security']),
  rule('city-appearance', '*', 'urban-management'),
  rule('street-vending', '*', 'urban-management'),
  rule('garbage-collection', '*', 'urban-management'),
  rule('illegal-construction', '*', 'urban-management', ['natural-resources']),
  rule('property-dispute', '*', 'housing'),
  rule('relocation', '*', 'housing'),
  rule('subsistence-allowance', '*', 'civil-affairs'),
];

/** 属地管理: categories the district's own offices handle, one rule per district. */
const DISTRICT_RULES: RoutingRule[] = SEED_DISTRICTS.flatMap(({ code }) => {
  const urban = districtUrbanManagementId(code);
  const government = districtGovernmentId(code);
  return [
    rule('noise', code, urban, ['public-security']),
    rule('city-appearance', code, urban),
    rule('street-vending', code, urban),
    rule('garbage-collection', code, urban),
    rule('illegal-construction', code, urban, ['natural-resources']),
    // The city bureau leads on property management; the district (street office) mediates on site.
    rule('property-dispute', code, 'housing', [government]),
    // House expropriation is run by the district that signs the agreements, under the city bureau.
    rule('relocation', code, government, ['housing']),
    // Subsistence allowances are applied for at the street office and approved by civil affairs.
    rule('subsistence-allowance', code, government, ['civil-affairs']),
  ];
});

/** The county runs its own heating plant, so its heating appeals go to the county, not the city company. */
const COUNTY_RULES: RoutingRule[] = [
  rule('heating', 'qingshi', districtGovernmentId('qingshi'), ['heating-company']),
];

export const SEED_RULES: RoutingRule[] = [...CITY_RULES, ...DISTRICT_RULES, ...COUNTY_RULES];

/**
 * 热线线路: 12345 itself and the departmental hotlines merged into it (一号对外), each still dialled
 * by its old number and reported by the CTI as the call's `line`. The former department is who ran
 * it before the merger. 96123 (the water utility's service line) agreed a 95 % target in its merger.
 */
export const SEED_LINES: HotlineLine[] = [
  { code: '12345', name: '12345政务服务便民热线', answerRateTarget: 0.98 },
  {
    code: '12315',
    name: '消费者投诉举报热线',
    formerDepartmentId: 'market-regulation',
    answerRateTarget: 0.98,
  },
  { code: '12319', name: '城市管理服务热线', formerDepartmentId: 'urban-management', answerRateTarget: 0.98 },
  { code: '12369', name: '环保举报热线', formerDepartmentId: 'ecology-environment', answerRateTarget: 0.98 },
  { code: '12333', name: '人力资源和社会保障服务热线', formerDepartmentId: 'hrss', answerRateTarget: 0.98 },
  { code: '12328', name: '交通运输服务监督热线', formerDepartmentId: 'transport', answerRateTarget: 0.98 },
  {
    code: '12393',
    name: '医疗保障服务热线',
    formerDepartmentId: 'healthcare-security',
    answerRateTarget: 0.98,
  },
  { code: '96123', name: '江城供水服务热线', formerDepartmentId: 'water-group', answerRateTarget: 0.95 },
];

/**
 * The demo city's whole directory.
 *
 * @example
 * await new DynamoDirectoryStore(documentClient(), tableName).write(SEED_DIRECTORY);
 */
export const SEED_DIRECTORY: DirectoryData = {
  departments: SEED_DEPARTMENTS,
  categories: SEED_CATEGORIES,
  // 市本级: where a request to a city-level body is handled (disclosure/intake.ts); no department or
  // rule is per district for it, so it is not one of the ten.
  districts: [...SEED_DISTRICTS, { code: CITY_LEVEL_DISTRICT, name: '市本级' }],
  rules: SEED_RULES,
  lines: SEED_LINES,
  // The State Council's published holiday schedules; next year's is added when it is published.
  calendarYears: SEED_CALENDAR_YEARS,
};
