import type { CaseType } from '../domain/index.js';
import { SEED_CATEGORIES, SEED_DISTRICTS } from './directory.js';

// Realistic, reproducible web-form appeals for the demo city: `npm run demo` sends them and the
// benchmark times them. Invented people, places and numbers only.

/** The body of POST /v1/channels/webform, as a citizen's browser sends it. */
export interface WebformBody {
  type: CaseType;
  category: string;
  district: string;
  address?: string;
  content: string;
  phone: string;
  name?: string;
}

/** A uniform number in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a small seeded PRNG, so `--seed 42` sends the same appeals every time.
 *
 * @example const rng = seededRandom(42); rng(); // 0.6011037519201636
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Random, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

function between(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Streets and residential compounds (小区) of each district. */
const PLACES: Record<string, { streets: string[]; compounds: string[] }> = {
  gulou: {
    streets: ['中山路', '鼓楼大街', '府前街', '钟楼巷'],
    compounds: ['鼓楼花园', '府前小区', '钟楼新村'],
  },
  jiangan: {
    streets: ['沿江大道', '江岸路', '码头街', '解放大道'],
    compounds: ['江岸名苑', '滨江一号', '码头新村'],
  },
  jiangbin: {
    streets: ['滨江路', '望江路', '渔港街', '江滨大道'],
    compounds: ['望江花园', '渔港小区', '江滨华庭'],
  },
  chengxi: {
    streets: ['西环路', '城西大街', '桂花巷', '工人路'],
    compounds: ['桂花苑', '西城印象', '工人新村'],
  },
  donghu: {
    streets: ['东湖路', '湖滨北路', '梨园路', '秀湖街'],
    compounds: ['东湖春晓', '湖畔人家', '梨园小区'],
  },
  nanhu: {
    streets: ['南湖大道', '新华路', '文昌街', '书院路'],
    compounds: ['南湖明珠', '文昌花园', '书香门第'],
  },
  beishan: {
    streets: ['北山路', '矿区路', '松林街', '青年路'],
    compounds: ['松林小区', '北山家园', '矿务局宿舍'],
  },
  gaoxin: {
    streets: ['科技大道', '创新路', '光谷一路', '软件园路'],
    compounds: ['科创公寓', '高新花园', '软件园人才公寓'],
  },
  linjiang: {
    streets: ['临江大道', '港城路', '自贸大街', '海关路'],
    compounds: ['临江新城', '港湾小区', '自贸区人才公寓'],
  },
  qingshi: {
    streets: ['青石镇人民路', '县府路', '石桥街', '城关大道'],
    compounds: ['县政府家属院', '石桥新村', '城关花园'],
  },
};

/** An address in the district, to the building or shop. */
export function randomAddress(rng: Random, districtCode: string): string {
  const district = SEED_DISTRICTS.find((d) => d.code === districtCode);
  const places = PLACES[districtCode];
  if (!district || !places) throw new Error(`randomAddress: unknown district ${districtCode}`);
  return rng() < 0.6
    ? `${district.name}${pick(rng, places.compounds)}${between(rng, 1, 24)}栋${between(rng, 1, 6)}单元`
    : `${district.name}${pick(rng, places.streets)}${between(rng, 1, 399)}号`;
}

/**
 * Content templates per category. `{addr}` is the address, `{n}` a small number, `{days}` a number
 * of days, `{money}` an amount in yuan.
 */
const TEMPLATES: Record<string, string[]> = {
  'water-supply': [
    '{addr}从昨天晚上开始停水，至今没有恢复，也没有看到停水通知，家里有老人小孩生活很不方便，请尽快抢修。',
    '{addr}自来水发黄、有异味，已经持续{days}天，烧开后有沉淀，担心影响健康，请水务部门检测水质。',
    '{addr}楼层较高，每天早晚用水高峰水压很低，热水器无法启动，请帮忙解决二次供水问题。',
  ],
  heating: [
    '{addr}家里暖气不热，室温只有{n}度左右，已经联系过物业和热力公司但没有人上门，请尽快处理。',
    '{addr}整栋楼暖气都不热，供暖费已经足额缴纳，请热力公司查明原因，并说明是否会退还部分费用。',
  ],
  noise: [
    '{addr}附近工地每天晚上十一点以后还在施工，噪音很大，严重影响居民休息，请相关部门查处夜间违规施工。',
    '{addr}楼下烧烤店营业到凌晨两点，顾客喧哗、音响声音很大，多次沟通无果，请相关部门处理。',
    '{addr}附近广场舞音响音量过大，每天晚上持续到十点以后，影响学生学习和老人休息，希望管一管。',
  ],
  'road-damage': [
    '{addr}路段路面塌陷出一个大坑，约{n}0厘米宽，晚上光线差，已经有电动车摔倒，请尽快修复。',
    '{addr}人行道地砖大面积松动破损，下雨天踩上去溅水，老人行走容易摔倒，请安排维修。',
  ],
  'property-dispute': [
    '{addr}物业公司未经业主大会同意擅自上调物业费，服务质量却越来越差，电梯经常故障，请相关部门调查。',
    '{addr}小区物业拒绝公开公共收益（广告费、停车费）的使用情况，业主多次要求无果，请帮助督促公开。',
  ],
  'wage-arrears': [
    '本人在{addr}附近的工地做木工，老板拖欠{n}名工人工资共计约{money}元，已经拖了{days}天，请劳动监察部门帮助追讨。',
    '我在{addr}一家餐饮公司工作，离职后公司一直不结算最后两个月工资约{money}元，请帮忙维权。',
  ],
  gas: [
    '{addr}楼道里能闻到明显的燃气味，担心有泄漏，已经打开窗户通风，请燃气公司立即派人检查。',
    '{addr}燃气表显示余额正常但无法点火，IC卡充值后没有到账，请燃气集团上门处理。',
  ],
  'power-supply': [
    '{addr}今天已经停电{n}次，每次都没有通知，冰箱里的东西都坏了，请供电公司查明原因。',
    '{addr}电压不稳，晚上灯光忽明忽暗，空调经常自动停机，请供电公司检测线路。',
  ],
  'city-appearance': [
    '{addr}附近的墙面被张贴了大量小广告，还有乱涂乱画，影响市容，请城管部门清理。',
    '{addr}路边长期堆放建筑垃圾和废旧家具，无人清理，蚊虫很多，请相关部门处理。',
  ],
  'illegal-construction': [
    '举报{addr}顶楼住户在楼顶私自搭建彩钢房，存在安全隐患且影响其他住户，请依法查处。',
    '{addr}一楼住户擅自拆除承重墙并向外扩建，占用小区公共绿地，请相关部门核查。',
  ],
  'food-safety': [
    '举报{addr}一家快餐店后厨卫生条件很差，员工不戴口罩和手套，发现有老鼠出没，请市场监管部门检查。',
    '在{addr}的超市购买的牛奶已经过期{days}天仍在售卖，请依法查处。',
  ],
  'consumer-rights': [
    '在{addr}一家健身房办理了年卡，交了{money}元，现在健身房突然关门，老板联系不上，请帮助维权。',
    '在{addr}的手机店购买的新手机，使用{days}天就出现黑屏，商家拒绝按三包规定退换，请协调处理。',
  ],
  'public-transit': [
    '建议在{addr}附近增设公交站点，周边居民出行需要步行二十多分钟才能坐到公交车。',
    '{n}路公交车早高峰发车间隔太长，经常要等半个小时，在{addr}站根本挤不上车，建议加密班次。',
  ],
  taxi: [
    '今天在{addr}乘坐出租车，司机拒绝打表、要求一口价{money}元，还绕路，请交通部门查处。',
    '{addr}火车站出租车排队区经常有司机拒载短途乘客，希望加强管理。',
  ],
  'education-fees': [
    '{addr}附近一所小学以“自愿”为名收取课后服务费和资料费共计{money}元，家长不交就被暗示影响孩子，请核查。',
    '孩子就读的{addr}幼儿园本学期保教费上涨了{n}00元，没有提前公示，请教育部门核实收费是否合规。',
  ],
  'medical-services': [
    '在{addr}附近的医院就诊时，医生态度冷淡、检查项目过多，花费{money}元仍未确诊，请卫健部门调查。',
    '{addr}社区卫生服务中心经常缺少常用药品，老年人开药需要跑到市区大医院，希望改善。',
  ],
  'medical-insurance': [
    '我在外省住院花费了{money}元，已经办理异地就医备案，回来报销时被告知材料不全，想咨询需要哪些材料。',
    '咨询一下，灵活就业人员在{addr}参加城乡居民医保，门诊慢特病待遇如何申请？',
  ],
  'social-insurance': [
    '咨询养老保险转移接续：我之前在外地缴纳了{n}年社保，现在在{addr}工作，如何把社保转过来？',
    '公司在{addr}，已经入职{n}个月但一直没有给我缴纳社保，请问如何处理？',
  ],
  'household-registration': [
    '咨询落户政策：本人大专学历，在{addr}购买了住房，能否办理落户，需要准备哪些材料？',
    '孩子出生后在{addr}派出所办理户口登记，被告知需要补充材料，想了解具体要求和办理时限。',
  ],
  pollution: [
    '举报{addr}附近一家工厂晚上偷排废气，气味刺鼻，周边居民晚上不敢开窗，请生态环境部门查处。',
    '{addr}附近河道水体发黑发臭，疑似有企业向河道偷排污水，请相关部门调查。',
  ],
  'garbage-collection': [
    '{addr}垃圾桶已经满了{days}天没有人清运，气味很大，还招来很多苍蝇，请尽快安排清运。',
    '{addr}垃圾分类收集点设置在单元门口，清运不及时，夏天臭味严重，建议调整位置。',
  ],
  'street-vending': [
    '{addr}路边每天傍晚有大量流动摊贩占道经营，堵塞交通，还留下很多垃圾，请城管部门管理。',
    '{addr}沿街商铺长期把货物摆到人行道上，行人只能走机动车道，非常危险。',
  ],
  parking: [
    '{addr}小区门口道路两侧长期被车辆乱停乱放，消防通道被堵，请交警部门处理。',
    '{addr}附近新设的路边停车位收费标准不清楚，收费员不出具票据，请核实是否合规。',
  ],
  'housing-quality': [
    '{addr}是新交付的商品房，入住不到一年就出现外墙渗水、卧室墙面开裂，开发商推诿不修，请住建部门督促。',
    '{addr}楼顶防水层老化，连续下雨后顶楼住户家里漏水，维修基金申请迟迟没有进展。',
  ],
  relocation: [
    '{addr}旧城改造项目已经签约{n}年，安置房至今没有交付，过渡费也停发了，请相关部门给个说法。',
    '咨询{addr}一带的征收补偿标准，家里老房子面积有争议，希望有关部门上门核实。',
  ],
  'housing-fund': [
    '咨询公积金提取：在{addr}租房，每月可以提取多少公积金用于支付房租，需要什么手续？',
    '我在{addr}买了二手房，公积金贷款审批已经过去{days}天还没有结果，想了解进度。',
  ],
  'elderly-care': [
    '家中老人八十多岁独居在{addr}，行动不便，想了解社区居家养老服务和助餐服务如何申请。',
    '{addr}附近的养老院护理人员不足，老人经常没人照顾，请民政部门检查服务质量。',
  ],
  'subsistence-allowance': [
    '本人因病失去劳动能力，家住{addr}，家庭收入很低，想申请低保，请问需要什么条件和材料？',
    '我家在{addr}，低保申请已经提交{days}天，一直没有审核结果，请帮忙催一下。',
  ],
  telecom: [
    '{addr}手机信号很差，在家里经常打不通电话，已向运营商反映多次，希望增设基站。',
    '运营商未经同意给我开通了多项增值业务，每月多扣费{money}元，要求退费并取消业务。',
  ],
  'price-regulation': [
    '举报{addr}附近的停车场收费标准与公示价格不一致，每小时多收{n}元。',
    '{addr}菜市场部分摊位蔬菜价格明显高于周边，且不明码标价，请市场监管部门检查。',
  ],
  taxation: [
    '咨询个人所得税专项附加扣除：在{addr}租房，赡养老人和住房租金扣除能否同时申报？',
    '我在{addr}开了一家个体小店，想咨询小规模纳税人的增值税减免政策。',
  ],
  'culture-tourism': [
    '在{addr}附近的景区旅游，导游强制游客进店购物，不购物就被冷嘲热讽，请文旅部门查处。',
    '{addr}的文化馆周末经常不开放，和公示的开放时间不一致，希望改进。',
  ],
  greening: [
    '建议在{addr}一带补种行道树，夏天路上没有树荫，行人很晒。',
    '{addr}附近的树木枝叶已经碰到高压线和居民窗户，存在安全隐患，请园林部门修剪。',
  ],
  'street-lighting': [
    '{addr}附近的路灯已经坏了{days}天，晚上一片漆黑，行人和骑车的人都很不安全，请尽快维修。',
    '{addr}小路没有安装路灯，夜间下班回家很危险，建议增设照明。',
  ],
  drainage: [
    '{addr}每逢下雨就严重积水，水深到膝盖，车辆无法通行，请尽快疏通排水管道。',
    '{addr}路面的下水道井盖缺失，已经用树枝临时围起来，夜间很危险，请尽快补装。',
  ],
  'traffic-signals': [
    '{addr}路口的红绿灯行人通行时间只有{n}0秒，老人过马路走不完，建议延长。',
    '{addr}路口信号灯故障，一直闪黄灯，早高峰车辆拥堵严重，请交警部门尽快维修。',
  ],
  'pet-management': [
    '{addr}有住户养大型犬，遛狗不拴绳，已经吓到小区的孩子，请相关部门管理。',
    '{addr}楼上住户养了{n}只狗，每天半夜狂吠，严重影响休息，沟通无果。',
  ],
  'after-school-tutoring': [
    '举报{addr}一家培训机构在学期中违规开展学科类培训，每期收费{money}元，请教育部门查处。',
    '{addr}的培训机构突然停课，预收的课时费{money}元无法退还，请帮助家长维权。',
  ],
  'policy-consultation': [
    '咨询高校毕业生来江城就业的人才补贴政策，本人在{addr}工作，如何申请住房补贴？',
    '想咨询小微企业在{addr}创业能享受哪些扶持政策，到哪里办理？',
  ],
  other: [
    '我想反映一个问题，不知道该找哪个部门：{addr}附近有一处公共设施长期闲置无人管理，希望有部门负责。',
    '{addr}一带有一条小路的归属不清楚，修缮无人负责，请帮忙明确由哪个部门管理。',
  ],
};

const PRAISE = [
  '{addr}反映的{category}问题已经处理好了，工作人员上门及时、态度很好，特此表扬。',
  '感谢有关部门对{addr}{category}问题的快速处理，效率很高，给你们点赞！',
];

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '强',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '建国',
  '海燕',
  '志强',
];
const PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

/** An invented mainland mobile number (11 digits, a real carrier prefix). */
export function randomPhone(rng: Random): string {
  let tail = '';
  for (let i = 0; i < 8; i++) tail += String(Math.floor(rng() * 10));
  return pick(rng, PREFIXES) + tail;
}

function fill(template: string, rng: Random, address: string, categoryName: string): string {
  return template
    .replaceAll('{addr}', address)
    .replaceAll('{category}', categoryName)
    .replaceAll('{n}', String(between(rng, 2, 9)))
    .replaceAll('{days}', String(between(rng, 2, 15)))
    .replaceAll('{money}', String(between(rng, 8, 300) * 100));
}

/** Categories whose templates exist, in the seed directory's order. */
export const DEMO_CATEGORIES = SEED_CATEGORIES.filter((c) => TEMPLATES[c.code]);

/**
 * One realistic web-form appeal: a category's template, a district and an address in it, the
 * category's usual type most of the time, a random phone and sometimes a name.
 *
 * @example const body = randomWebformBody(seededRandom(7)); // { type: 'complaint', category: 'noise', ... }
 */
export function randomWebformBody(rng: Random): WebformBody {
  const category = pick(rng, DEMO_CATEGORIES);
  const district = pick(rng, SEED_DISTRICTS);
  const address = randomAddress(rng, district.code);
  const roll = rng();
  const type: CaseType =
    roll < 0.05
      ? 'praise'
      : roll < 0.12
        ? 'suggestion'
        : roll < 0.2
          ? 'consultation'
          : (category.defaultType ?? 'complaint');
  const template = type === 'praise' ? pick(rng, PRAISE) : pick(rng, TEMPLATES[category.code] ?? []);
  const body: WebformBody = {
    type,
    category: category.code,
    district: district.code,
    address,
    content: fill(template, rng, address, category.name),
    phone: randomPhone(rng),
  };
  if (rng() < 0.5)
    body.name = `${pick(rng, SURNAMES)}${rng() < 0.5 ? pick(rng, GIVEN) : rng() < 0.5 ? '先生' : '女士'}`;
  return body;
}
