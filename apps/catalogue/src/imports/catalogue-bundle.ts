import { CellError, CellReader, parseExchangeCsv } from '@yixiang/common';
import { INSTITUTION_KINDS, InstitutionKind, RATE_UNITS, RateUnit, SERVICE_MODES, ServiceMode, SHARING_STATUSES, SharingStatus } from '@yixiang/contracts';
import { creditCodeProblem, said } from '@yixiang/domain';

/** The catalogue's part of an exchange bundle (exchange.md): columns known and columns required. */
export const CATALOGUE_FILES = {
  'institutions.csv': { known: ['code', 'name', 'kind', 'region', 'creditCode', 'groupCode'], required: ['code', 'kind'] },
  'users.csv': { known: ['code', 'institutionCode', 'name', 'email'], required: ['code', 'institutionCode'] },
  'instruments.csv': {
    known: ['code', 'institutionCode', 'name', 'model', 'manufacturer', 'countryOfOrigin', 'categoryCode', 'originalValueFen', 'purchaseDate', 'specialised', 'sharingStatus', 'onlineBooking', 'retiredOn'],
    required: ['code', 'institutionCode', 'categoryCode', 'originalValueFen', 'sharingStatus'],
  },
  'rates.csv': {
    known: ['code', 'instrumentCode', 'serviceMode', 'unit', 'internalPriceFen', 'externalPriceFen', 'incrementMinutes', 'minimumChargeFen', 'validFrom', 'validTo'],
    required: ['code', 'instrumentCode', 'serviceMode', 'unit', 'internalPriceFen', 'externalPriceFen', 'validFrom'],
  },
} as const;

/** Files of the exchange format that other services import (the catalogue's job drives them). */
export const BILLING_FILES = ['usage.csv', 'vouchers.csv', 'feedback.csv'] as const;
/** The subsidy service's file of a bundle. */
export const SUBSIDY_FILES = ['policy.json'] as const;
/** Files of services this installation does not run yet (none at present; kept for the next ones). */
export const FILES_OF_OTHER_SERVICES: Record<string, string> = {};

export interface InstitutionRow { line: number; code: string; name: string; kind: InstitutionKind; region: string | null; creditCode: string | null; groupCode: string | null }
export interface UserRow { line: number; code: string; institutionCode: string; name: string; email: string | null }
export interface InstrumentRow {
  line: number; code: string; institutionCode: string; name: string; model: string | null; manufacturer: string | null;
  countryOfOrigin: string | null; categoryCode: string; originalValueFen: number; purchaseDate: string | null; specialised: boolean;
  sharingStatus: SharingStatus; onlineBooking: boolean; retiredOn: string | null;
}
export interface RateRow {
  line: number; code: string; instrumentCode: string; serviceMode: ServiceMode; unit: RateUnit; internalPriceFen: number;
  externalPriceFen: number; incrementMinutes: number | null; minimumChargeFen: number; validFrom: Date; validTo: Date | null;
}

export interface CatalogueBundle {
  institutions: InstitutionRow[];
  users: UserRow[];
  instruments: InstrumentRow[];
  rates: RateRow[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function uniqueCodes<T extends { code: string; line: number }>(file: string, rows: T[], errors: CellError[]): void {
  const first = new Map<string, number>();
  for (const r of rows) {
    const at = first.get(r.code);
    if (at !== undefined) errors.push({ file, line: r.line, column: 'code', reason: said(`编号 ${r.code} 已在第 ${at} 行使用`, `code ${r.code} already used on line ${at}`) });
    else first.set(r.code, r.line);
  }
}

/** Parses and checks every cell of the catalogue files; references are checked later, against the database too. */
export function readCatalogueBundle(files: Map<string, string>, secondLevelCategories: Set<string>, errors: CellError[]): CatalogueBundle {
  const bundle: CatalogueBundle = { institutions: [], users: [], instruments: [], rates: [] };
  const rowsOf = (name: keyof typeof CATALOGUE_FILES) => {
    const text = files.get(name);
    return text === undefined ? [] : parseExchangeCsv(name, text, CATALOGUE_FILES[name], errors).map((row) => new CellReader(name, row, errors));
  };

  for (const c of rowsOf('institutions.csv')) {
    const code = c.code('code');
    const kind = c.oneOf('kind', INSTITUTION_KINDS);
    const region = c.text('region', { max: 8 });
    if (region !== undefined && !/^[A-Z]{2,8}$/.test(region)) c.bad('region', said(`${JSON.stringify(region)} 不是地区代码（2–8 个大写字母，如 CQ）`, `${JSON.stringify(region)} is not a region code (2–8 capital letters, e.g. CQ)`));
    const creditCode = c.text('creditCode');
    if (creditCode !== undefined) {
      const reason = creditCodeProblem(creditCode);
      if (reason) c.bad('creditCode', reason);
    }
    const groupCode = c.code('groupCode', { required: false });
    const name = c.text('name', { max: 200 });
    if (code && kind) bundle.institutions.push({ line: c.line, code, name: name ?? code, kind, region: region ?? null, creditCode: creditCode ?? null, groupCode: groupCode ?? null });
  }

  for (const c of rowsOf('users.csv')) {
    const code = c.code('code');
    const institutionCode = c.code('institutionCode');
    const name = c.text('name', { max: 100 });
    const email = c.text('email', { max: 200 });
    if (email !== undefined && !EMAIL.test(email)) c.bad('email', said(`${JSON.stringify(email)} 不是有效的电子邮箱地址`, `${JSON.stringify(email)} is not an email address`));
    if (code && institutionCode) bundle.users.push({ line: c.line, code, institutionCode, name: name ?? code, email: email?.toLowerCase() ?? null });
  }

  for (const c of rowsOf('instruments.csv')) {
    const code = c.code('code');
    const institutionCode = c.code('institutionCode');
    const categoryCode = c.text('categoryCode');
    if (categoryCode !== undefined && !secondLevelCategories.has(categoryCode)) {
      c.bad('categoryCode', said(`${JSON.stringify(categoryCode)} 不是国家仪器分类的二级（4 位）代码`, `${JSON.stringify(categoryCode)} is not a second-level (4-digit) code of the national instrument classification`));
    }
    const originalValueFen = c.integer('originalValueFen', { required: true, min: 0 });
    const countryOfOrigin = c.text('countryOfOrigin');
    if (countryOfOrigin !== undefined && !/^[A-Z]{2}$/.test(countryOfOrigin)) c.bad('countryOfOrigin', said(`${JSON.stringify(countryOfOrigin)} 不是 ISO 3166-1 两位国家代码`, `${JSON.stringify(countryOfOrigin)} is not an ISO 3166-1 alpha-2 code`));
    const purchaseDate = c.date('purchaseDate');
    const retiredOn = c.date('retiredOn');
    const sharingStatus = c.oneOf('sharingStatus', SHARING_STATUSES);
    const row = {
      line: c.line, name: c.text('name', { max: 200 }), model: c.text('model', { max: 200 }) ?? null,
      manufacturer: c.text('manufacturer', { max: 200 }) ?? null, specialised: c.bool('specialised'), onlineBooking: c.bool('onlineBooking'),
    };
    if (code && institutionCode && categoryCode && secondLevelCategories.has(categoryCode) && originalValueFen !== undefined && sharingStatus) {
      bundle.instruments.push({
        ...row, code, institutionCode, name: row.name ?? code, countryOfOrigin: countryOfOrigin ?? null, categoryCode, originalValueFen,
        purchaseDate: purchaseDate ?? null, sharingStatus, retiredOn: retiredOn ?? null,
      });
    }
  }

  for (const c of rowsOf('rates.csv')) {
    const code = c.code('code');
    const instrumentCode = c.code('instrumentCode');
    const serviceMode = c.oneOf('serviceMode', SERVICE_MODES);
    const unit = c.oneOf('unit', RATE_UNITS);
    const internalPriceFen = c.integer('internalPriceFen', { required: true, min: 0 });
    const externalPriceFen = c.integer('externalPriceFen', { required: true, min: 0 });
    const incrementMinutes = c.integer('incrementMinutes', { min: 1, max: 1440 });
    if (unit === 'hour' && incrementMinutes === undefined && c.raw('incrementMinutes') === undefined) c.bad('incrementMinutes', said('按小时计价的价目卡必须填写计费增量', 'required for an hourly card'));
    const minimumChargeFen = c.integer('minimumChargeFen', { min: 0 }) ?? 0;
    const validFrom = c.dateOrInstant('validFrom', { required: true });
    const validTo = c.dateOrInstant('validTo');
    if (validFrom && validTo && validTo <= validFrom) c.bad('validTo', said('失效日期必须晚于生效日期', 'validTo must be after validFrom'));
    if (code && instrumentCode && serviceMode && unit && internalPriceFen !== undefined && externalPriceFen !== undefined && validFrom && (unit !== 'hour' || incrementMinutes !== undefined)) {
      bundle.rates.push({
        line: c.line, code, instrumentCode, serviceMode, unit, internalPriceFen, externalPriceFen,
        incrementMinutes: unit === 'hour' ? incrementMinutes ?? null : null, minimumChargeFen, validFrom, validTo: validTo ?? null,
      });
    }
  }

  uniqueCodes('institutions.csv', bundle.institutions, errors);
  uniqueCodes('users.csv', bundle.users, errors);
  uniqueCodes('instruments.csv', bundle.instruments, errors);
  uniqueCodes('rates.csv', bundle.rates, errors);
  const emails = new Map<string, number>();
  for (const u of bundle.users) {
    if (!u.email) continue;
    const at = emails.get(u.email);
    if (at !== undefined) errors.push({ file: 'users.csv', line: u.line, column: 'email', reason: said(`电子邮箱 ${u.email} 已在第 ${at} 行使用`, `email ${u.email} already used on line ${at}`) });
    else emails.set(u.email, u.line);
  }
  return bundle;
}
