import { type Said, said } from './said';

/** How a field's value is written for people: fen as 元, basis points as percent, minutes and instants as people say them. */
export type FieldUnit = 'fen' | 'bps' | 'minutes' | 'hours' | 'days' | 'instant' | 'date' | 'month';

export interface FieldLabel {
  readonly zh: string;
  readonly en: string;
  readonly unit?: FieldUnit;
}

const label = (zh: string, en: string, unit?: FieldUnit): FieldLabel => (unit ? { zh, en, unit } : { zh, en });

/**
 * The names people know the API's fields by (the web forms' labels). A field not listed here
 * keeps its property name, its unit still read from the name's ending (…Fen, …Bps, …Minutes).
 */
export const FIELD_LABELS: Readonly<Record<string, FieldLabel>> = {
  // Money, in 元.
  amountFen: label('金额', 'amount', 'fen'),
  budgetFen: label('预算', 'budget', 'fen'),
  externalPriceFen: label('对外价格', 'external price', 'fen'),
  internalPriceFen: label('对内价格', 'internal price', 'fen'),
  originalValueFen: label('原值', 'original value', 'fen'),
  faceValueFen: label('面值', 'face value', 'fen'),
  minimumChargeFen: label('最低收费', 'minimum charge', 'fen'),
  maxPriceFen: label('最高价格', 'maximum price', 'fen'),
  fromPriceFen: label('起价', 'starting price', 'fen'),
  chargeFen: label('收费', 'charge', 'fen'),
  paidFen: label('已付金额', 'amount paid', 'fen'),
  requestedFen: label('申请金额', 'amount requested', 'fen'),
  perUseCapFen: label('单次使用上限', 'cap per use', 'fen'),
  perHolderYearCapFen: label('每持有单位年度上限', 'yearly cap per holder', 'fen'),
  perApplicationCapFen: label('单次申请上限', 'cap per application', 'fen'),
  deltaFen: label('调整金额', 'adjustment', 'fen'),
  voucherFen: label('创新券金额', 'voucher amount', 'fen'),
  // A subsidy policy's fields.
  eligibleValueFen: label('参评仪器原值下限', 'eligible original value', 'fen'),
  perInstrumentCapFen: label('单台仪器补贴上限', 'cap per instrument', 'fen'),
  perInstitutionCapFen: label('单个单位补贴上限', 'cap per institution', 'fen'),
  targetExternalShare: label('对外服务机时占比目标', 'target external share'),
  minRatings: label('最少评价数', 'minimum ratings'),
  targetExternalInstitutions: label('对外服务单位数目标', 'target external institutions'),
  gradeBands: label('等级分数线', 'grade bands'),
  excellentQuota: label('优秀名额', 'excellent quota'),
  eligibleGrades: label('可获补贴的等级', 'eligible grades'),
  minExternalHours: label('最少对外服务机时', 'minimum external hours', 'hours'),
  rateBps: label('补贴比例', 'subsidy rate', 'bps'),
  gradeFactorPct: label('等级系数', 'grade factors'),
  manualHoursFactorPct: label('非终端机时计入比例', 'non-terminal hours factor'),
  excludedCategories: label('不参评的服务类别', 'excluded categories'),
  policyId: label('政策', 'policy'),
  runId: label('测算', 'run'),
  overrides: label('假设调整', 'what-if overrides'),
  simulation: label('是否模拟测算', 'simulation'),
  lang: label('语言', 'language'),
  // Shares, in percent.
  coverBps: label('补贴比例', 'share covered', 'bps'),
  externalShare: label('对外服务占比', 'external share'),
  // Durations.
  slotMinutes: label('时段长度', 'slot length', 'minutes'),
  minMinutes: label('最短预约时长', 'shortest booking', 'minutes'),
  maxMinutes: label('最长预约时长', 'longest booking', 'minutes'),
  leadMinutes: label('提前预约时间', 'booking lead time', 'minutes'),
  cancelDeadlineMinutes: label('取消截止时间', 'cancellation deadline', 'minutes'),
  checkInBeforeMinutes: label('可提前签到时间', 'check-in opens before the start', 'minutes'),
  noShowAfterMinutes: label('爽约判定时间', 'no-show after', 'minutes'),
  incrementMinutes: label('计费增量', 'billing increment', 'minutes'),
  durationMinutes: label('时长', 'duration', 'minutes'),
  effectiveMinutes: label('有效机时', 'effective time', 'minutes'),
  minutes: label('时长', 'duration', 'minutes'),
  benchmarkHours: label('基准机时', 'benchmark hours', 'hours'),
  hoursBefore: label('提前小时数', 'hours before', 'hours'),
  suspensionDays: label('暂停天数', 'suspension days', 'days'),
  windowDays: label('统计天数', 'window in days', 'days'),
  withinDays: label('天数', 'days', 'days'),
  // Times, in Beijing time.
  start: label('开始时间', 'start', 'instant'),
  end: label('结束时间', 'end', 'instant'),
  from: label('起始时间', 'from', 'instant'),
  to: label('截止时间', 'to', 'instant'),
  until: label('截止时间', 'until', 'instant'),
  now: label('当前时间', 'now', 'instant'),
  at: label('时间', 'time', 'instant'),
  blackoutStart: label('停机开始时间', 'maintenance start', 'instant'),
  blackoutEnd: label('停机结束时间', 'maintenance end', 'instant'),
  validFrom: label('生效日期', 'valid from', 'date'),
  validTo: label('失效日期', 'valid to', 'date'),
  purchaseDate: label('购置日期', 'purchase date', 'date'),
  retiredOn: label('停用日期', 'retired on', 'date'),
  period: label('月份', 'month', 'month'),
  month: label('月份', 'month', 'month'),
  year: label('年度', 'year'),
  quarter: label('季度', 'quarter'),
  // Names and codes.
  code: label('编号', 'code'),
  name: label('名称', 'name'),
  nameZh: label('中文名称', 'Chinese name'),
  nameEn: label('英文名称', 'English name'),
  email: label('电子邮箱', 'e-mail'),
  password: label('密码', 'password'),
  currentPassword: label('当前密码', 'current password'),
  newPassword: label('新密码', 'new password'),
  phone: label('电话', 'phone'),
  role: label('角色', 'role'),
  region: label('地区', 'region'),
  institutionId: label('单位', 'institution'),
  institutionCode: label('单位编号', 'institution code'),
  institutionName: label('单位名称', 'institution name'),
  holderInstitutionCode: label('持券单位编号', 'holder institution code'),
  creditCode: label('统一社会信用代码', 'unified social credit code'),
  instrumentId: label('仪器', 'instrument'),
  instrumentCode: label('仪器编号', 'instrument code'),
  category: label('仪器分类', 'category'),
  categoryCode: label('仪器分类', 'category'),
  serviceCategory: label('服务类别', 'service category'),
  model: label('型号', 'model'),
  manufacturer: label('生产厂家', 'manufacturer'),
  countryOfOrigin: label('产地国别', 'country of origin'),
  specifications: label('主要技术指标', 'specifications'),
  mainFunctions: label('主要功能', 'main functions'),
  location: label('放置地点', 'location'),
  sharingStatus: label('共享状态', 'sharing status'),
  serviceMode: label('服务方式', 'service mode'),
  serviceModes: label('服务方式', 'service modes'),
  mode: label('服务方式', 'service mode'),
  timezone: label('时区', 'time zone'),
  weekday: label('星期', 'weekday'),
  weekly: label('每周开放时间', 'weekly opening hours'),
  bookingRules: label('预约规则', 'booking rules'),
  approvalRequired: label('是否需要审核', 'approval required'),
  qualificationRequired: label('是否需要上机资格', 'qualification required'),
  onlineBooking: label('在线预约', 'online booking'),
  rateCode: label('价目编号', 'rate code'),
  usageId: label('使用记录', 'usage record'),
  usageCode: label('使用记录编号', 'usage record code'),
  bookingId: label('预约', 'booking'),
  bookingCode: label('预约编号', 'booking code'),
  voucherCode: label('创新券编号', 'voucher code'),
  policyCode: label('政策编号', 'policy code'),
  programmeCode: label('项目编号', 'programme code'),
  projectCode: label('课题编号', 'project code'),
  project: label('课题', 'project'),
  purpose: label('用途', 'purpose'),
  samples: label('样品数', 'samples'),
  reason: label('原因', 'reason'),
  comment: label('备注', 'comment'),
  rating: label('评分', 'rating'),
  kind: label('类型', 'kind'),
  format: label('文件格式', 'file format'),
  status: label('状态', 'status'),
  rrule: label('重复规则', 'repeat rule'),
  q: label('搜索词', 'search text'),
  page: label('页码', 'page'),
  pageSize: label('每页条数', 'page size'),
  limit: label('条数上限', 'limit'),
  url: label('网址', 'URL'),
  secret: label('密钥', 'secret'),
  channel: label('渠道', 'channel'),
  events: label('事件', 'events'),
  preferences: label('通知设置', 'notification preferences'),
  idempotencyKey: label('幂等键', 'idempotency key'),
  cancelConflicting: label('取消冲突预约', 'cancel conflicting bookings'),
  document: label('政策文件', 'policy document'),
  body: label('请求内容', 'request body'),
};

/** What one element of a list is called, for "第 3 张价目卡": the measure word and the noun. */
export const ITEM_LABELS: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  cards: { zh: '张价目卡', en: 'rate card' },
  rates: { zh: '张价目卡', en: 'rate card' },
  weekly: { zh: '个开放时段', en: 'opening range' },
  periods: { zh: '个时段', en: 'period' },
  preferences: { zh: '项通知设置', en: 'notification setting' },
  lines: { zh: '条明细', en: 'line' },
  rows: { zh: '行', en: 'row' },
  items: { zh: '项', en: 'item' },
  serviceModes: { zh: '种服务方式', en: 'service mode' },
  events: { zh: '个事件', en: 'event' },
  usageIds: { zh: '条使用记录', en: 'usage record' },
  statementIds: { zh: '张结算单', en: 'statement' },
  institutionIds: { zh: '个单位', en: 'institution' },
  userIds: { zh: '个用户', en: 'user' },
};

/** The unit a field's name implies when the table does not list it. */
export function unitOfProperty(property: string): FieldUnit | undefined {
  const known = FIELD_LABELS[property];
  if (known) return known.unit;
  if (/Fen$/.test(property)) return 'fen';
  if (/Bps$/.test(property)) return 'bps';
  if (/Minutes$/.test(property)) return 'minutes';
  if (/Hours$/.test(property)) return 'hours';
  if (/Days$/.test(property)) return 'days';
  if (/(At|Start|End)$/.test(property)) return 'instant';
  return undefined;
}

const UNIT_SUFFIX: Record<FieldUnit, Said | null> = {
  fen: said('（元）', ' (yuan)'),
  bps: said('（%）', ' (%)'),
  minutes: null, hours: null, days: null, instant: null, date: null, month: null,
};

/** One step of a path: a property name or a list index. */
type Step = { property: string } | { index: number };

function steps(path: string): Step[] {
  const out: Step[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push({ index: Number(match[2]) });
    else if (/^\d+$/.test(match[1])) out.push({ index: Number(match[1]) });
    else out.push({ property: match[1] });
  }
  return out;
}

/** The last property named in a path ("cards[2].externalPriceFen" → "externalPriceFen"). */
export function propertyOf(path: string): string {
  const named = steps(path).filter((s): s is { property: string } => 'property' in s);
  return named.length ? named[named.length - 1].property : path;
}

/**
 * A field's path as people name it: "cards[2].externalPriceFen" → "第 3 张价目卡的对外价格（元）" /
 * "external price (yuan) of rate card 3". Unknown properties keep their names.
 */
export function fieldLabel(path: string): Said {
  const parts = steps(path);
  if (parts.length === 0) return said('请求内容', 'the request');
  const zh: string[] = [];
  const en: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const step = parts[i];
    if ('index' in step) {
      zh.push(`第 ${step.index + 1} 项`);
      en.push(`item ${step.index + 1}`);
      continue;
    }
    const known = FIELD_LABELS[step.property];
    const next = parts[i + 1];
    if (next && 'index' in next) {
      // An element of a list: "第 3 张价目卡" where the list's items have a name, else "…第 3 项".
      const item = ITEM_LABELS[step.property];
      zh.push(item ? `第 ${next.index + 1} ${item.zh}` : `${known?.zh ?? step.property}第 ${next.index + 1} 项`);
      en.push(item ? `${item.en} ${next.index + 1}` : `item ${next.index + 1} of ${known?.en ?? step.property}`);
      i++;
      continue;
    }
    const unit = i === parts.length - 1 ? UNIT_SUFFIX[unitOfProperty(step.property) ?? 'minutes'] : null;
    zh.push(`${known?.zh ?? step.property}${unit?.zh ?? ''}`);
    en.push(`${known?.en ?? step.property}${unit?.en ?? ''}`);
  }
  return said(zh.join('的'), en.reverse().join(' of '));
}
