import type { SheetColumnKind, SheetSpec } from '../office/sheet';
import { NATIONAL_INSTRUMENT_FIELDS, NATIONAL_INSTRUMENT_LABELS, type NationalInstrumentField } from './national-instruments';
import { NATIONAL_SERVICE_FIELDS, NATIONAL_SERVICE_LABELS, type NationalServiceField } from './national-services';

/** Money (万元, 元) as numbers with two decimals people can sum; every other field as text, so codes keep their zeros. */
const kindOf = (field: string): SheetColumnKind => (field === 'worth' || field === 'serviceAmount' ? 'decimal' : 'text');

/** The .xlsx of the national instrument records: the fields in the national order, headed by their Chinese names. */
export const NATIONAL_INSTRUMENTS_SHEET: SheetSpec = {
  name: '仪器信息',
  columns: NATIONAL_INSTRUMENT_FIELDS.map((f: NationalInstrumentField) => ({ header: NATIONAL_INSTRUMENT_LABELS[f], kind: kindOf(f), total: false })),
};

export const NATIONAL_SERVICES_SHEET: SheetSpec = {
  name: '服务记录',
  columns: NATIONAL_SERVICE_FIELDS.map((f: NationalServiceField) => ({ header: NATIONAL_SERVICE_LABELS[f], kind: kindOf(f), total: false })),
};
