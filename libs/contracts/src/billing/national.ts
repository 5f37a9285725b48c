import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches } from 'class-validator';
import { ApiInteger, ApiText, ApiUuid } from '../openapi';
import type { ExportedFile, WithData } from '../messages/envelopes';
import { subject } from '../messages/subject';
import type { ServiceMode, SharingStatus } from '../catalogue/enums';

/** What goes to the national platform (issue 20): the instrument records, or the service records. */
export const NATIONAL_REPORT_KINDS = ['instruments', 'services'] as const;
export type NationalReportKind = (typeof NATIONAL_REPORT_KINDS)[number];
export const NATIONAL_REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type NationalReportFormat = (typeof NATIONAL_REPORT_FORMATS)[number];

/** GET /reports/national/validation?institutionId=&quarter=&kind= */
export class NationalReportQuery {
  @ApiProperty({ format: 'uuid', description: 'the institution reporting' }) @IsUUID('all', { message: 'institutionId must be an institution id (单位须为单位 ID（UUID）)' })
  institutionId!: string;

  @ApiProperty({ example: '2026-Q3', pattern: '^\\d{4}-Q[1-4]$', description: 'the quarter, Asia/Shanghai days, half-open: 2026-Q3 is [2026-07-01, 2026-10-01) Beijing time' })
  @Matches(/^(20\d\d|2100)-Q[1-4]$/, { message: 'quarter must be YYYY-Qn, e.g. 2026-Q3 (季度须为 YYYY-Qn 格式，如 2026-Q3)' })
  quarter!: string;

  @ApiProperty({ enum: NATIONAL_REPORT_KINDS, description: 'instruments: 仪器信息 (those in service in the quarter); services: 服务记录 (completed usage starting in it)' })
  @IsIn(NATIONAL_REPORT_KINDS, { message: 'kind must be instruments or services (类型须为 instruments 或 services)' })
  kind!: NationalReportKind;
}

/** GET /reports/national/export?…&format=csv|xlsx */
export class NationalExportQuery extends NationalReportQuery {
  @ApiProperty({ enum: NATIONAL_REPORT_FORMATS, description: 'csv: UTF-8 with a byte-order mark and CRLF, national field names as the header; xlsx: one sheet, Chinese headers' })
  @IsIn(NATIONAL_REPORT_FORMATS, { message: 'format must be csv or xlsx (文件格式须为 csv 或 xlsx)' })
  format!: NationalReportFormat;
}

/** One missing required field of one record. */
export class NationalReportIssueView {
  @ApiProperty({ example: 'EQ-A1', description: 'the instrument’s code (instruments) or the usage record’s code (services)' }) record!: string;
  @ApiProperty({ example: 'manufacturer', description: 'the national platform’s field name' }) field!: string;
  @ApiProperty({ example: '生产制造商', description: 'the field’s Chinese name' }) label!: string;
}

/** The national platform's field, its Chinese name and whether it is required. */
export class NationalReportFieldView {
  @ApiProperty({ example: 'cname' }) field!: string;
  @ApiProperty({ example: '仪器中文名称' }) label!: string;
  @ApiProperty() required!: boolean;
}

export class NationalValidationView {
  @ApiUuid() institutionId!: string;
  @ApiProperty({ example: 'A-UNIV' }) institutionCode!: string;
  @ApiText({ example: '重庆嘉陵理工大学' }) institutionName!: string;
  @ApiProperty({ example: '2026-Q3' }) quarter!: string;
  @ApiProperty({ enum: NATIONAL_REPORT_KINDS }) kind!: NationalReportKind;
  @ApiInteger({ description: 'records the export would write' }) records!: number;
  @ApiInteger({ description: 'records with no missing required field' }) completeRecords!: number;
  @ApiProperty({ type: [NationalReportFieldView], description: 'the export’s columns, in order' }) fields!: NationalReportFieldView[];
  @ApiProperty({ type: [NationalReportIssueView], description: 'every missing required field, by record then field order; empty: ready to report' })
  missing!: NationalReportIssueView[];
}

/**
 * What the catalogue says of an institution's instruments for the national records (internal):
 * money as text (bigint). `institution` is null when there is no such institution.
 */
export interface NationalInstrumentFacts {
  institution: { id: string; code: string; name: string; region: string | null } | null;
  instruments: {
    id: string; code: string; name: string; categoryCode: string; originalValueFen: string; countryOfOrigin: string | null; manufacturer: string | null;
    purchaseDate: string | null; retiredOn: string | null; model: string | null; specifications: string | null; mainFunctions: string | null;
    serviceModes: ServiceMode[]; sharingStatus: SharingStatus; fromPriceFen: string | null;
  }[];
}

/** Spread into BillingSubjects (subjects.ts). */
export const NationalReportSubjects = {
  nationalValidate: subject<WithData<NationalReportQuery>, NationalValidationView>('billing.national.validate'),
  /** The records as CSV or .xlsx, left in Redis for the gateway to send (as the other exports). */
  nationalExport: subject<WithData<NationalExportQuery>, ExportedFile>('billing.national.export'),
} as const;
