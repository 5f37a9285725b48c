import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EXCEL_FLAG_VALUES } from '@yixiang/domain';
import { ApiFen, ApiInteger, ApiPeriod, ApiText } from '../openapi';
import { SERVICE_CATEGORIES, ServiceCategory } from './usage.dto';
import type { ExportedFile, WithData } from '../messages/envelopes';
import { subject } from '../messages/subject';

/** GET /statistics/cross-region?year=&region= */
export class CrossRegionQuery {
  @ApiProperty({ example: 2026, description: 'calendar year (Asia/Shanghai months)', minimum: 2000, maximum: 2100 })
  @Type(() => Number) @IsInt({ message: 'year must be a whole year, e.g. 2026 (年份须为整数)' })
  @Min(2000, { message: 'year must be 2000 or later (年份不早于 2000)' }) @Max(2100, { message: 'year must be 2100 or earlier (年份不晚于 2100)' })
  year!: number;

  @ApiPropertyOptional({ example: 'CQ', description: 'only the rows touching this region (as provider or as user), and its totals' })
  @IsOptional() @Matches(/^[A-Z]{2,8}$/, { message: 'region must be 2–8 capital letters, e.g. CQ (地区代码须为 2–8 位大写字母)' })
  region?: string;
}

/** GET /statistics/cross-region.csv: the same query, and `excel=1` for Excel's variant (a byte-order mark, CRLF). */
export class CrossRegionCsvQuery extends CrossRegionQuery {
  @ApiPropertyOptional({ enum: EXCEL_FLAG_VALUES, description: '1 gives the CSV for Excel: a UTF-8 byte-order mark and CRLF line ends' })
  @IsOptional() @IsIn(EXCEL_FLAG_VALUES, { message: 'excel 只能是 1 或 0 (excel must be 1 or 0)' })
  excel?: (typeof EXCEL_FLAG_VALUES)[number];
}

/** Hours (as minutes), services and income of a set of completed usage records. */
export class SharingFiguresView {
  @ApiInteger({ description: 'completed usage records' }) services!: number;
  @ApiInteger({ description: 'minutes of use (hours × 60)' }) minutes!: number;
  @ApiFen({ description: 'billed before vouchers, fen (settled charges only)' }) amountFen!: number;
  @ApiFen({ description: 'of which covered by vouchers at settlement, fen' }) voucherFen!: number;
}

/** One provider region × user region × month × service category. */
export class CrossRegionRowView extends SharingFiguresView {
  @ApiText({ nullable: true, example: 'CQ', description: 'region of the instrument’s institution (null: it names none)' }) providerRegion!: string | null;
  @ApiText({ nullable: true, example: 'SC', description: 'region of the user’s institution (null: it names none)' }) userRegion!: string | null;
  @ApiPeriod() period!: string;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) serviceCategory!: ServiceCategory;
}

/** A region's totals: a service counts as provider, as user, and (between two regions) in both regions' cross-border figures. */
export class RegionTotalsView {
  @ApiProperty({ example: 'CQ' }) region!: string;
  @ApiProperty({ type: SharingFiguresView, description: 'services on this region’s instruments' }) asProvider!: SharingFiguresView;
  @ApiProperty({ type: SharingFiguresView, description: 'services to this region’s users' }) asUser!: SharingFiguresView;
  @ApiProperty({ type: SharingFiguresView, description: 'services between this region and another, either way' }) crossBorder!: SharingFiguresView;
  @ApiProperty({ type: SharingFiguresView, description: 'this region’s instruments used by other regions’ users' }) crossBorderAsProvider!: SharingFiguresView;
  @ApiProperty({ type: SharingFiguresView, description: 'this region’s users on other regions’ instruments' }) crossBorderAsUser!: SharingFiguresView;
}

/** Services from one region's instruments to another region's users, over the year. */
export class CrossRegionFlowView extends SharingFiguresView {
  @ApiProperty({ example: 'CQ' }) providerRegion!: string;
  @ApiProperty({ example: 'SC' }) userRegion!: string;
}

export class CrossRegionStatisticsView {
  @ApiInteger({ example: 2026 }) year!: number;
  @ApiText({ nullable: true, description: 'the region asked for (null: every region)' }) region!: string | null;
  @ApiProperty({ type: [CrossRegionRowView] }) rows!: CrossRegionRowView[];
  @ApiProperty({ type: [RegionTotalsView] }) totals!: RegionTotalsView[];
  @ApiProperty({ type: [CrossRegionFlowView] }) flows!: CrossRegionFlowView[];
}

/** Spread into BillingSubjects (subjects.ts). */
export const BillingStatisticsSubjects = {
  crossRegion: subject<WithData<CrossRegionQuery>, CrossRegionStatisticsView>('billing.statistics.cross-region'),
  /** The same rows as CSV or .xlsx, left in Redis for the gateway to send (as the other exports). */
  crossRegionExport: subject<WithData<CrossRegionQuery> & { format: 'csv' | 'xlsx' }, ExportedFile>('billing.statistics.cross-region-export'),
} as const;
