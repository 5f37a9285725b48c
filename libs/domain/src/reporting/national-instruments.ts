import { formatFixed, roundHalfUp } from '../rational';

/**
 * An instrument as the national platform's instrument record (重大科研基础设施和大型科研仪器国家网络管理
 * 平台, issue 20): its field names, 万元 for the value, and which fields it will not take empty. The
 * export and its validation report come from this one mapping, so a record the report passes is a
 * record the export writes whole.
 */
export interface InstrumentForReport {
  code: string;
  name: string;
  englishName: string | null;
  categoryCode: string;
  originalValueFen: bigint;
  countryOfOrigin: string | null;
  manufacturer: string | null;
  purchaseDate: string | null;
  model: string | null;
  specifications: string | null;
  mainFunctions: string | null;
  serviceModes: readonly ('self' | 'assisted' | 'sample')[];
  sharingStatus: 'open' | 'internal' | 'suspended';
  /** The instrument's lowest external price per unit, shown as its fee; null when no card is valid. */
  fromPriceFen: bigint | null;
  serviceUrl: string | null;
}

export const NATIONAL_INSTRUMENT_FIELDS = [
  'cname', 'ename', 'innerId', 'instrCategory', 'worth', 'nation', 'manufacturer', 'beginDate', 'type', 'instrVersion',
  'technical', 'function', 'serviceContent', 'requirement', 'fee', 'serviceUrl', 'shareMode',
] as const;
export type NationalInstrumentField = (typeof NATIONAL_INSTRUMENT_FIELDS)[number];

/** The fields the national platform refuses empty. */
export const NATIONAL_INSTRUMENT_REQUIRED: readonly NationalInstrumentField[] = [
  'cname', 'innerId', 'instrCategory', 'worth', 'nation', 'manufacturer', 'beginDate', 'instrVersion', 'technical', 'function', 'shareMode',
];

/** The fields' Chinese names, for the validation report and the header row people read. */
export const NATIONAL_INSTRUMENT_LABELS: Record<NationalInstrumentField, string> = {
  cname: '仪器中文名称', ename: '仪器英文名称', innerId: '所在单位仪器编号', instrCategory: '仪器分类编码', worth: '仪器原值（万元）', nation: '产地国别',
  manufacturer: '生产制造商', beginDate: '启用日期', type: '仪器类型', instrVersion: '规格型号', technical: '主要技术指标', function: '主要功能',
  serviceContent: '服务内容', requirement: '服务要求', fee: '参考收费标准', serviceUrl: '预约服务网址', shareMode: '共享模式',
};

export const SERVICE_WAYS: Record<'self' | 'assisted' | 'sample', string> = { self: '自主上机', assisted: '机时服务（协助操作）', sample: '送样检测' };
const SHARE_MODES: Record<InstrumentForReport['sharingStatus'], string> = { open: '对外开放共享', internal: '内部使用', suspended: '暂停共享' };

/** Fen as 万元 with two decimals, half-up: 1 万元 is 1,000,000 fen. */
export function fenToWanYuan(fen: bigint): string {
  if (fen < 0n) throw new RangeError('an instrument value cannot be negative');
  return formatFixed(roundHalfUp(fen, 10_000n), 2);
}

export function nationalInstrumentRecord(i: InstrumentForReport): Record<NationalInstrumentField, string> {
  const text = (v: string | null) => (v ?? '').trim();
  return {
    cname: text(i.name), ename: text(i.englishName), innerId: text(i.code), instrCategory: text(i.categoryCode), worth: fenToWanYuan(i.originalValueFen),
    nation: text(i.countryOfOrigin), manufacturer: text(i.manufacturer), beginDate: text(i.purchaseDate), type: '', instrVersion: text(i.model),
    technical: text(i.specifications), function: text(i.mainFunctions), serviceContent: i.serviceModes.map((m) => SERVICE_WAYS[m]).join('、'),
    requirement: '', fee: i.fromPriceFen === null ? '' : `${formatFixed(i.fromPriceFen, 2)} 元起`, serviceUrl: text(i.serviceUrl), shareMode: SHARE_MODES[i.sharingStatus],
  };
}

/** The required fields a record leaves empty, in the national field order; an instrument of value 0 counts as missing its worth. */
export function missingNationalFields(record: Record<NationalInstrumentField, string>): NationalInstrumentField[] {
  return NATIONAL_INSTRUMENT_REQUIRED.filter((f) => record[f] === '' || (f === 'worth' && record.worth === '0.00'));
}
