import type { Actor } from '@yixiang/contracts';
import { CellError } from '@yixiang/common';
import { overlappingCards, RateCardWindow, said } from '@yixiang/domain';
import type { CatalogueBundle } from './catalogue-bundle';
import type { CatalogueBundleRepository } from './catalogue-bundle.repository';

/** A card's validity, with the rates.csv line it came from (null: a card already stored). */
interface ImportedCardWindow extends RateCardWindow { line: number | null }

/**
 * Checks what a single file cannot: references between files and to records already stored,
 * the actor's right to each row, uniqueness against the database, and rate-card overlaps with
 * the cards already stored (read through `stored`). Every problem is a cell error.
 */
export async function crossCheck(stored: CatalogueBundleRepository, bundle: CatalogueBundle, actor: Actor, errors: CellError[]): Promise<void> {
  const bureau = actor.role === 'bureau';
  const ownCode = bureau ? null : await stored.institutionCode(actor.institutionId);

  // Institutions: in the bundle or stored; an admin touches only their own.
  const bundleInstitutions = new Set(bundle.institutions.map((i) => i.code));
  const referenced = [...new Set([...bundle.users.map((u) => u.institutionCode), ...bundle.instruments.map((i) => i.institutionCode)])].filter((c) => !bundleInstitutions.has(c));
  const storedInstitutions = await stored.storedInstitutions(referenced);
  const institutionKnown = (code: string) => bundleInstitutions.has(code) || storedInstitutions.has(code);
  for (const i of bundle.institutions) {
    if (!bureau && i.code !== ownCode) errors.push({ file: 'institutions.csv', line: i.line, column: 'code', reason: said(`您只能导入本单位（${ownCode}）`, `you may import only your own institution (${ownCode})`) });
  }
  if (!bureau) await ownInstitutionUnchanged(stored, bundle, ownCode, errors);
  const credit = bundle.institutions.filter((i) => i.creditCode);
  if (credit.length) {
    const owner = await stored.creditCodeOwners(credit.map((i) => i.creditCode));
    for (const i of credit) {
      const other = owner.get(i.creditCode as string);
      if (other && other !== i.code) errors.push({ file: 'institutions.csv', line: i.line, column: 'creditCode', reason: said(`该统一社会信用代码已属于单位 ${other}`, `credit code already belongs to institution ${other}`) });
    }
  }

  for (const u of bundle.users) {
    if (!institutionKnown(u.institutionCode)) errors.push({ file: 'users.csv', line: u.line, column: 'institutionCode', reason: said(`单位 ${u.institutionCode} 不存在`, `unknown institution ${u.institutionCode}`) });
    else if (!bureau && u.institutionCode !== ownCode) errors.push({ file: 'users.csv', line: u.line, column: 'institutionCode', reason: said(`您只能导入本单位（${ownCode}）的用户`, `you may import only users of your own institution (${ownCode})`) });
  }
  const withEmail = bundle.users.filter((u) => u.email);
  if (withEmail.length) {
    const owner = await stored.emailOwners(withEmail.map((u) => u.email));
    for (const u of withEmail) {
      const other = owner.get(u.email as string);
      if (other && other !== u.code) errors.push({ file: 'users.csv', line: u.line, column: 'email', reason: said(`该电子邮箱已属于用户 ${other}`, `email already belongs to user ${other}`) });
    }
  }
  const existingUsers = await stored.storedUsers(bundle.users.map((u) => u.code));
  for (const existing of existingUsers) {
    const row = bundle.users.find((u) => u.code === existing.code);
    if (row && !bureau && existing.institution !== ownCode) errors.push({ file: 'users.csv', line: row.line, column: 'code', reason: said(`用户 ${row.code} 属于其他单位`, `user ${row.code} belongs to another institution`) });
    if (row && existing.institution === null) errors.push({ file: 'users.csv', line: row.line, column: 'code', reason: said(`用户 ${row.code} 是科技局或审计账号`, `user ${row.code} is a bureau or auditor account`) });
  }

  // Instruments: owner known; an admin imports only their own, and cannot take over another's code.
  const existingInstruments = await stored.instrumentOwners([...new Set([...bundle.instruments.map((i) => i.code), ...bundle.rates.map((r) => r.instrumentCode)])]);
  for (const i of bundle.instruments) {
    if (!institutionKnown(i.institutionCode)) errors.push({ file: 'instruments.csv', line: i.line, column: 'institutionCode', reason: said(`单位 ${i.institutionCode} 不存在`, `unknown institution ${i.institutionCode}`) });
    else if (!bureau && i.institutionCode !== ownCode) errors.push({ file: 'instruments.csv', line: i.line, column: 'institutionCode', reason: said(`您只能导入本单位（${ownCode}）的仪器`, `you may import only instruments of your own institution (${ownCode})`) });
    const storedOwner = existingInstruments.get(i.code);
    if (!bureau && storedOwner && storedOwner !== ownCode) errors.push({ file: 'instruments.csv', line: i.line, column: 'code', reason: said(`仪器 ${i.code} 属于其他单位`, `instrument ${i.code} belongs to another institution`) });
  }

  // Rates: instrument known and the actor's; no overlap with each other or with stored cards.
  const bundleInstruments = new Map(bundle.instruments.map((i) => [i.code, i.institutionCode]));
  for (const r of bundle.rates) {
    const owner = bundleInstruments.get(r.instrumentCode) ?? existingInstruments.get(r.instrumentCode);
    if (!owner) errors.push({ file: 'rates.csv', line: r.line, column: 'instrumentCode', reason: said(`仪器 ${r.instrumentCode} 不存在`, `unknown instrument ${r.instrumentCode}`) });
    else if (!bureau && owner !== ownCode) errors.push({ file: 'rates.csv', line: r.line, column: 'instrumentCode', reason: said(`仪器 ${r.instrumentCode} 不属于您的单位`, `instrument ${r.instrumentCode} is not your institution's`) });
  }
  const storedCards = await stored.storedCards([...new Set(bundle.rates.map((r) => r.instrumentCode))], bundle.rates.map((r) => r.code));
  const bundleCards = new Set(bundle.rates.map((r) => r.code));
  for (const s of storedCards) {
    const row = bundle.rates.find((r) => r.code === s.code);
    if (row && row.instrumentCode !== s.instrument) errors.push({ file: 'rates.csv', line: row.line, column: 'code', reason: said(`价目卡 ${s.code} 属于仪器 ${s.instrument}`, `rate card ${s.code} belongs to instrument ${s.instrument}`) });
  }
  // Overlaps per instrument: the bundle's cards against each other and against the stored cards
  // the bundle does not replace. Two stored cards cannot overlap (the exclusion constraint).
  const byInstrument = new Map<string, ImportedCardWindow[]>();
  const add = (instrument: string, w: ImportedCardWindow) => byInstrument.set(instrument, [...(byInstrument.get(instrument) ?? []), w]);
  for (const r of bundle.rates) add(r.instrumentCode, { code: r.code, serviceMode: r.serviceMode, line: r.line, from: r.validFrom.getTime(), to: r.validTo?.getTime() ?? Infinity });
  for (const s of storedCards) {
    if (!bundleCards.has(s.code)) add(s.instrument, { code: s.code, serviceMode: s.mode, line: null, from: new Date(s.valid_from).getTime(), to: s.valid_to ? new Date(s.valid_to).getTime() : Infinity });
  }
  for (const [instrument, windows] of byInstrument) {
    for (const [prev, cur] of overlappingCards(windows)) {
      const row = cur.line !== null ? cur : prev;
      if (row.line === null) continue;
      const other = row === cur ? prev : cur;
      errors.push({ file: 'rates.csv', line: row.line, column: 'validFrom', reason: said(`有效期与 ${instrument}/${row.serviceMode} 的价目卡 ${other.code}${other.line === null ? '（已保存）' : `（第 ${other.line} 行）`}重叠`, `validity overlaps rate card ${other.code}${other.line === null ? ' (already stored)' : ` (line ${other.line})`} of ${instrument}/${row.serviceMode}`) });
    }
  }
}

/** institutions.csv columns and the stored fields they write. */
const INSTITUTION_COLUMNS = [['name', 'name'], ['kind', 'kind'], ['region', 'region'], ['creditCode', 'credit_code'], ['groupCode', 'group_code']] as const;

/**
 * The rules of PATCH /institutions/:id hold for an import too: an institution's own admin may
 * change only its contacts (which institutions.csv has no column for), the bureau the rest. So an
 * admin's row for their own institution may only say what is stored already; each field it would
 * change is a cell error. groupCode above all: it decides which users count as related parties,
 * and with that where subsidy money goes.
 */
async function ownInstitutionUnchanged(repository: CatalogueBundleRepository, bundle: CatalogueBundle, ownCode: string | null | undefined, errors: CellError[]): Promise<void> {
  const rows = bundle.institutions.filter((i) => i.code === ownCode);
  if (!rows.length) return;
  const stored = await repository.institutionFields(ownCode);
  if (!stored) return;
  for (const row of rows) {
    for (const [column, field] of INSTITUTION_COLUMNS) {
      const value = row[column];
      if (value === stored[field]) continue;
      errors.push({
        file: 'institutions.csv', line: row.line, column,
        reason: said(`单位管理员不能修改本单位的 ${column}（现为 ${JSON.stringify(stored[field])}），请联系科技局`, `an institution admin may not change ${column} of their institution ` +
          `(stored ${JSON.stringify(stored[field])}, the row says ${JSON.stringify(value)}); PATCH /institutions/:id refuses it too: ask the bureau`),
      });
    }
  }
}
