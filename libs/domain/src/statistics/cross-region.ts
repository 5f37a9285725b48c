import { labelOf, REGION_LABELS, SERVICE_CATEGORY_LABELS } from '../office/labels';
import type { SheetInput } from '../office/sheet';
import { byCodePoint } from '../validation/code-point-order';

/**
 * Cross-region sharing statistics (issue 16, the Sichuan–Chongqing plan): a service counts for the
 * region of the instrument's institution (as provider) and for the region of the user's institution
 * (as user), so a Sichuan user's service on a Chongqing instrument counts for both regions, and in
 * both regions' cross-border figures. Billing's database sums usage per pair of institutions; this
 * attributes the sums to regions (the regions are the catalogue's facts about the institutions).
 */

/** What billing's database sums per provider institution × user institution × month × service category. */
export interface InstitutionPairUsage {
  providerInstitutionId: string;
  userInstitutionId: string;
  /** `YYYY-MM`, the Asia/Shanghai month of the services' start. */
  period: string;
  category: string;
  /** Completed usage records. */
  services: number;
  minutes: number;
  /** Billed before vouchers (settled charges only). */
  amountFen: bigint;
  /** Of which vouchers covered at settlement. */
  voucherFen: bigint;
}

export interface SharingFigures {
  services: number;
  minutes: number;
  amountFen: bigint;
  voucherFen: bigint;
}

/** One provider region × user region × month × category; a region is null where an institution names none. */
export interface CrossRegionRow extends SharingFigures {
  providerRegion: string | null;
  userRegion: string | null;
  period: string;
  category: string;
}

/**
 * A region's totals. `crossBorder` counts every service whose provider and user regions differ and one
 * of them is this region: the same service is in the cross-border figures of both its regions.
 */
export interface RegionTotals {
  region: string;
  asProvider: SharingFigures;
  asUser: SharingFigures;
  crossBorder: SharingFigures;
  /** Of `crossBorder`: this region's instruments used by other regions' users. */
  crossBorderAsProvider: SharingFigures;
  /** Of `crossBorder`: this region's users on other regions' instruments. */
  crossBorderAsUser: SharingFigures;
}

/** Services from one region's instruments to another region's users (the two regions differ). */
export interface CrossRegionFlow extends SharingFigures {
  providerRegion: string;
  userRegion: string;
}

export interface CrossRegionStatistics {
  rows: CrossRegionRow[];
  totals: RegionTotals[];
  flows: CrossRegionFlow[];
}

export const zeroFigures = (): SharingFigures => ({ services: 0, minutes: 0, amountFen: 0n, voucherFen: 0n });

function add(into: SharingFigures, f: SharingFigures): void {
  into.services += f.services;
  into.minutes += f.minutes;
  into.amountFen += f.amountFen;
  into.voucherFen += f.voucherFen;
}

/** Named regions in code-point order, a missing region (null) last. */
function byRegion(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return byCodePoint(a, b);
}

/** Whether a service between these regions crosses a border (both regions known, and different). */
export const crossesBorder = (providerRegion: string | null, userRegion: string | null): boolean =>
  providerRegion !== null && userRegion !== null && providerRegion !== userRegion;

/**
 * The rows (one per provider region × user region × month × category, each service in exactly one),
 * each region's totals and the cross-border flows. `only`: the rows touching that region (as provider
 * or as user) and that region's totals alone, listed even when it has no services.
 */
export function crossRegionStatistics(
  usage: readonly InstitutionPairUsage[], regionOf: (institutionId: string) => string | null, only: string | null = null,
): CrossRegionStatistics {
  const rows = new Map<string, CrossRegionRow>();
  for (const u of usage) {
    const providerRegion = regionOf(u.providerInstitutionId);
    const userRegion = regionOf(u.userInstitutionId);
    if (only !== null && providerRegion !== only && userRegion !== only) continue;
    const key = JSON.stringify([providerRegion, userRegion, u.period, u.category]);
    let row = rows.get(key);
    if (!row) {
      row = { providerRegion, userRegion, period: u.period, category: u.category, ...zeroFigures() };
      rows.set(key, row);
    }
    add(row, u);
  }
  const sorted = [...rows.values()].sort((a, b) => byRegion(a.providerRegion, b.providerRegion) || byRegion(a.userRegion, b.userRegion)
    || byCodePoint(a.period, b.period) || byCodePoint(a.category, b.category));

  const totals = new Map<string, RegionTotals>();
  const totalsOf = (region: string): RegionTotals => {
    let t = totals.get(region);
    if (!t) {
      t = { region, asProvider: zeroFigures(), asUser: zeroFigures(), crossBorder: zeroFigures(), crossBorderAsProvider: zeroFigures(), crossBorderAsUser: zeroFigures() };
      totals.set(region, t);
    }
    return t;
  };
  if (only !== null) totalsOf(only);
  const flows = new Map<string, CrossRegionFlow>();
  for (const row of sorted) {
    const crossing = crossesBorder(row.providerRegion, row.userRegion);
    if (row.providerRegion !== null && (only === null || row.providerRegion === only)) {
      const t = totalsOf(row.providerRegion);
      add(t.asProvider, row);
      if (crossing) {
        add(t.crossBorder, row);
        add(t.crossBorderAsProvider, row);
      }
    }
    if (row.userRegion !== null && (only === null || row.userRegion === only)) {
      const t = totalsOf(row.userRegion);
      add(t.asUser, row);
      if (crossing) {
        add(t.crossBorder, row);
        add(t.crossBorderAsUser, row);
      }
    }
    if (crossing) {
      const key = JSON.stringify([row.providerRegion, row.userRegion]);
      let flow = flows.get(key);
      if (!flow) {
        flow = { providerRegion: row.providerRegion as string, userRegion: row.userRegion as string, ...zeroFigures() };
        flows.set(key, flow);
      }
      add(flow, row);
    }
  }
  return {
    rows: sorted,
    totals: [...totals.values()].sort((a, b) => byCodePoint(a.region, b.region)),
    flows: [...flows.values()].sort((a, b) => byCodePoint(a.providerRegion, b.providerRegion) || byCodePoint(a.userRegion, b.userRegion)),
  };
}

/** The columns of the export (`cross-region.csv` / `.xlsx`): one line per row of the statistics. */
export const CROSS_REGION_COLUMNS = [
  'providerRegion', 'userRegion', 'period', 'serviceCategory', 'services', 'minutes', 'amountFen', 'voucherFen',
] as const;

/** A row of the export, as strings in column order (an unknown region is empty). */
export function crossRegionExportRow(row: CrossRegionRow): string[] {
  return [row.providerRegion ?? '', row.userRegion ?? '', row.period, row.category, String(row.services), String(row.minutes), row.amountFen.toString(), row.voucherFen.toString()];
}

/** A row of the spreadsheet (CROSS_REGION_SHEET): regions and categories named in Chinese beside their codes. */
export function crossRegionSheetRow(row: CrossRegionRow): SheetInput[] {
  return [row.providerRegion ?? '', labelOf(REGION_LABELS, row.providerRegion), row.userRegion ?? '', labelOf(REGION_LABELS, row.userRegion), row.period,
    labelOf(SERVICE_CATEGORY_LABELS, row.category), row.services, row.minutes, row.amountFen, row.voucherFen];
}
