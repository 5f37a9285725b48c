import { zipSync, strToU8 } from 'fflate';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCreditCode } from '@yixiang/domain';
import { Random } from './random';
import { CITY_PARTS, FIELDS, GIVEN, INSTRUMENTS_BY_CATEGORY, MAKERS, REGIONS, SURNAMES } from './vocabulary';

export interface CatalogueBundleOptions {
  instruments: number;
  institutions?: number;
  seed?: number;
  /** Puts exactly one bad cell into instruments.csv and says where. */
  withBadCell?: boolean;
}

export interface GeneratedBundle {
  files: Record<string, string>;
  badCell?: { file: string; line: number; column: string; reason: string };
}

/** A CSV cell, quoted only where it must be (exchange.md). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], rows: (string | number | boolean | null)[][]): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const KINDS = [['university', 40], ['institute', 30], ['hospital', 15], ['enterprise', 12], ['other', 3]] as const;
const CATEGORY_WEIGHTS = Object.keys(INSTRUMENTS_BY_CATEGORY).map((code) => [code, code.startsWith('01') ? 12 : 2] as const);

/**
 * A realistic catalogue in the exchange format, the same for the same seed: institutions of
 * every kind in CQ and SC (a few elsewhere), universities with affiliated hospitals as related
 * parties, a few researchers each, instruments weighted towards analytical ones, and rate cards
 * (some with a mid-2025 price change).
 */
export function generateCatalogueBundle(options: CatalogueBundleOptions): GeneratedBundle {
  const rnd = new Random(options.seed ?? 1);
  const institutionCount = options.institutions ?? Math.max(4, Math.ceil(options.instruments / 35));
  const institutions: (string | null)[][] = [];
  const users: (string | null)[][] = [];
  const codes: string[] = [];
  let userNo = 0;
  const creditCodes = new Set<string>();
  for (let i = 1; i <= institutionCount; i++) {
    const code = `INS-${pad(i, 5)}`;
    const [region, province] = rnd.weighted(REGIONS.map(([r, p, w]) => [[r, p], w] as const));
    let kind: string = rnd.weighted(KINDS);
    const place = `${rnd.pick(CITY_PARTS)}${rnd.pick(FIELDS)}`;
    // Every fifth institution is the affiliated hospital of the university before it: related parties.
    const previous = institutions[institutions.length - 1];
    const affiliated = i % 5 === 0 && previous?.[2] === 'university';
    if (affiliated) kind = 'hospital';
    const name = affiliated ? `${previous[1]}附属第${rnd.pick(['一', '二', '三'])}医院`
      : kind === 'university' ? `${province}${place}大学` : kind === 'institute' ? `${province}省${place}研究所`
      : kind === 'hospital' ? `${province}${place}人民医院` : kind === 'enterprise' ? `${place}${rnd.pick(['仪器', '检测', '新材料', '生物'])}科技有限公司`
      : `${province}${place}检测中心`;
    const group = affiliated ? `GRP-${previous[0]}` : i % 5 === 4 && kind === 'university' ? `GRP-${code}` : null;
    let creditCode = makeCreditCode((options.seed ?? 1) * 1000003 + i);
    for (let k = 1; creditCodes.has(creditCode); k++) creditCode = makeCreditCode((options.seed ?? 1) * 1000003 + i + k * 7919);
    creditCodes.add(creditCode);
    institutions.push([code, `${name}${i > 300 ? i : ''}`, kind, region, creditCode, group]);
    codes.push(code);
    const staff = rnd.int(2, 5);
    for (let u = 0; u < staff; u++) {
      userNo++;
      const ucode = `USR-${pad(userNo, 6)}`;
      users.push([ucode, code, `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}${rnd.chance(0.5) ? rnd.pick(GIVEN) : ''}`, `${ucode.toLowerCase()}@${code.toLowerCase()}.example.cn`]);
    }
  }
  // A university and its hospital share a group code; the university row needs it too.
  for (let k = 1; k < institutions.length; k++) {
    const group = institutions[k][5];
    if (group && group === `GRP-${institutions[k - 1][0]}`) institutions[k - 1][5] = group;
  }

  const instruments: (string | number | boolean | null)[][] = [];
  const rates: (string | number | null)[][] = [];
  let rateNo = 0;
  for (let n = 1; n <= options.instruments; n++) {
    const code = `EQ-${pad(n, 6)}`;
    const category = rnd.weighted(CATEGORY_WEIGHTS);
    const [maker, country] = rnd.pick(MAKERS);
    const name = rnd.pick(INSTRUMENTS_BY_CATEGORY[category]);
    const model = `${maker.slice(0, 2).toUpperCase().replace(/[^A-Z]/g, 'X')}-${rnd.int(100, 9900)}${rnd.pick(['', ' Pro', ' Plus', ' II', 'i'])}`;
    const valueYuan = rnd.chance(0.9) ? rnd.int(500_000, 30_000_000) : rnd.int(200_000, 499_999);
    const purchased = `${rnd.int(2008, 2025)}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)}`;
    const sharing = rnd.weighted([['open', 85], ['internal', 10], ['suspended', 5]] as const);
    instruments.push([code, rnd.pick(codes), name, model, maker, country, category, valueYuan * 100, purchased, rnd.chance(0.1),
      sharing, rnd.chance(0.8), rnd.chance(0.01) ? '2025-12-31' : null]);
    const modes = rnd.weighted([[['self'], 30], [['assisted'], 20], [['self', 'assisted'], 25], [['sample'], 15], [['assisted', 'sample'], 10]] as const);
    for (const mode of modes) {
      const hourly = mode !== 'sample';
      const internal = hourly ? rnd.int(5, 120) * 1000 : rnd.int(5, 80) * 1000;
      const external = Math.round(internal * (1 + rnd.int(2, 12) / 10));
      const increment = hourly ? rnd.pick([15, 30, 60]) : null;
      const minimum = rnd.chance(0.3) ? rnd.int(1, 10) * 10000 : null;
      if (rnd.chance(0.15)) {
        // A price change on 1 July 2025: the old card ends where the new one begins.
        rates.push([`RC-${pad(++rateNo, 7)}`, code, mode, hourly ? 'hour' : 'sample', internal, external, increment, minimum, '2024-01-01', '2025-07-01']);
        rates.push([`RC-${pad(++rateNo, 7)}`, code, mode, hourly ? 'hour' : 'sample', Math.round(internal * 1.1), Math.round(external * 1.1), increment, minimum, '2025-07-01', null]);
      } else {
        rates.push([`RC-${pad(++rateNo, 7)}`, code, mode, hourly ? 'hour' : 'sample', internal, external, increment, minimum, '2024-01-01', null]);
      }
    }
  }
  let badCell: GeneratedBundle['badCell'];
  if (options.withBadCell && instruments.length > 0) {
    const row = Math.floor(instruments.length / 2);
    instruments[row][6] = '9999';
    badCell = { file: 'instruments.csv', line: row + 2, column: 'categoryCode', reason: '"9999" is not a second-level category code' };
  }
  return {
    files: {
      'institutions.csv': csv(['code', 'name', 'kind', 'region', 'creditCode', 'groupCode'], institutions),
      'users.csv': csv(['code', 'institutionCode', 'name', 'email'], users),
      'instruments.csv': csv(['code', 'institutionCode', 'name', 'model', 'manufacturer', 'countryOfOrigin', 'categoryCode', 'originalValueFen',
        'purchaseDate', 'specialised', 'sharingStatus', 'onlineBooking', 'retiredOn'], instruments),
      'rates.csv': csv(['code', 'instrumentCode', 'serviceMode', 'unit', 'internalPriceFen', 'externalPriceFen', 'incrementMinutes',
        'minimumChargeFen', 'validFrom', 'validTo'], rates),
    },
    badCell,
  };
}

export function writeBundle(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** The bundle as a .zip with its files at the root, as `POST /imports` takes it. */
export function zipBundle(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { level: 6 });
}
