import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Actor, ExportedFile, NationalExportQuery, NationalInstrumentFacts, NationalReportKind, NationalReportQuery, NationalValidationView } from '@yixiang/contracts';
import { authorize, fail, writeWorkbook, XLSX_CONTENT_TYPE } from '@yixiang/common';
import {
  excelCsv, inServiceDuring, missingNationalFields, missingNationalServiceFields, NATIONAL_INSTRUMENT_FIELDS, NATIONAL_INSTRUMENT_LABELS, NATIONAL_INSTRUMENT_REQUIRED,
  NATIONAL_INSTRUMENTS_SHEET, NATIONAL_SERVICE_FIELDS, NATIONAL_SERVICE_LABELS, NATIONAL_SERVICE_REQUIRED, NATIONAL_SERVICES_SHEET, nationalInstrumentRecord,
  nationalReportIssues, nationalServiceRecord, quarterBounds, type QuarterBounds, said, SheetSpec,
} from '@yixiang/domain';
import { BillingConfig } from '../config';
import { BILLING_REDIS } from '../exports/exports.service';
import { FactsClient } from '../settlement/facts.client';
import { NationalReportRepository } from './national.repository';

/** Exports wait in Redis this long for the gateway to send them (as the other billing exports). */
const EXPORT_TTL_SECONDS = 600;

/** One kind of national record: its fields in order, their Chinese names, which are required, the sheet. */
interface RecordKind { fields: readonly string[]; labels: Record<string, string>; required: readonly string[]; sheet: SheetSpec }
const KINDS: Record<NationalReportKind, RecordKind> = {
  instruments: { fields: NATIONAL_INSTRUMENT_FIELDS, labels: NATIONAL_INSTRUMENT_LABELS, required: NATIONAL_INSTRUMENT_REQUIRED, sheet: NATIONAL_INSTRUMENTS_SHEET },
  services: { fields: NATIONAL_SERVICE_FIELDS, labels: NATIONAL_SERVICE_LABELS, required: NATIONAL_SERVICE_REQUIRED, sheet: NATIONAL_SERVICES_SHEET },
};

/** A record as the export writes it and as the report names it. */
interface Line { record: string; values: Record<string, string>; missing: string[] }

/**
 * The national platform's records of an institution and quarter (issue 20): its instruments from the
 * catalogue, its services from billing's usage records and charges; the validation report and the
 * export read the same lines, so what the report passes the export writes whole.
 */
@Injectable()
export class NationalReportService {
  constructor(
    private readonly repository: NationalReportRepository,
    private readonly facts: FactsClient,
    private readonly config: BillingConfig,
    @Inject(BILLING_REDIS) private readonly redis: Redis,
  ) {}

  async validate(actor: Actor | null, query: NationalReportQuery): Promise<NationalValidationView> {
    const { institution, lines } = await this.lines(actor, query);
    const kind = KINDS[query.kind];
    return {
      institutionId: institution.id, institutionCode: institution.code, institutionName: institution.name, quarter: query.quarter, kind: query.kind,
      records: lines.length, completeRecords: lines.filter((l) => l.missing.length === 0).length,
      fields: kind.fields.map((field) => ({ field, label: kind.labels[field], required: kind.required.includes(field) })),
      missing: nationalReportIssues(lines, kind.labels),
    };
  }

  async export(actor: Actor | null, query: NationalExportQuery): Promise<ExportedFile> {
    const { institution, lines } = await this.lines(actor, query);
    const kind = KINDS[query.kind];
    const cells = lines.map((l) => kind.fields.map((f) => l.values[f]));
    // The byte-order mark and CRLF always: this file is for Excel and the national platform's upload, both Windows-first.
    const body = query.format === 'csv'
      ? Buffer.from(excelCsv(stringify([[...kind.fields], ...cells], { record_delimiter: 'unix' })), 'utf8')
      : await writeWorkbook(kind.sheet, cells);
    const blobKey = `${this.config.BULLMQ_PREFIX}:export:${randomUUID()}`;
    await this.redis.set(blobKey, body, 'EX', EXPORT_TTL_SECONDS);
    return {
      blobKey, rows: lines.length, fileName: `national-${query.kind}-${institution.code}-${query.quarter}.${query.format}`,
      contentType: query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE,
    };
  }

  /** Who may, then the lines: the institution's region decides a regional officer. */
  private async lines(actor: Actor | null, query: NationalReportQuery): Promise<{ institution: NonNullable<NationalInstrumentFacts['institution']>; lines: Line[] }> {
    const bounds = quarterBounds(query.quarter);
    if (!bounds) {
      fail('VALIDATION_FAILED', said('季度须为 YYYY-Qn 格式，如 2026-Q3', 'quarter must be YYYY-Qn, e.g. 2026-Q3'), { fields: [{ field: 'quarter', reason: said('须为 YYYY-Qn 格式', 'must be YYYY-Qn') }] });
    }
    const facts = await this.facts.nationalInstruments(query.institutionId);
    authorize(actor, 'national-report.read', { institutionId: query.institutionId, region: facts.institution?.region ?? null });
    const institution = facts.institution ?? fail('NOT_FOUND', said('没有该单位', 'no such institution'));
    const lines = query.kind === 'instruments' ? this.instrumentLines(facts, bounds) : await this.serviceLines(facts, bounds);
    return { institution, lines };
  }

  private instrumentLines(facts: NationalInstrumentFacts, bounds: QuarterBounds): Line[] {
    return facts.instruments.filter((i) => inServiceDuring(i.purchaseDate, i.retiredOn, bounds)).map((i) => {
      const values = nationalInstrumentRecord({
        code: i.code, name: i.name, englishName: null, categoryCode: i.categoryCode, originalValueFen: BigInt(i.originalValueFen), countryOfOrigin: i.countryOfOrigin,
        manufacturer: i.manufacturer, purchaseDate: i.purchaseDate, model: i.model, specifications: i.specifications, mainFunctions: i.mainFunctions,
        serviceModes: i.serviceModes, sharingStatus: i.sharingStatus, fromPriceFen: i.fromPriceFen === null ? null : BigInt(i.fromPriceFen),
        serviceUrl: `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/instruments/${i.id}`,
      });
      return { record: i.code, values, missing: missingNationalFields(values) };
    });
  }

  private async serviceLines(facts: NationalInstrumentFacts, bounds: QuarterBounds): Promise<Line[]> {
    const rows = await this.repository.services(facts.institution!.id, bounds.from, bounds.to);
    const instruments = new Map(facts.instruments.map((i) => [i.id, i]));
    const [users, units] = await Promise.all([
      this.facts.contacts([...new Set(rows.map((r) => r.user_id))]),
      this.facts.facts([], [...new Set(rows.map((r) => r.user_institution_id))]),
    ]);
    const userName = new Map(users.map((u) => [u.id, u.name]));
    const unitName = new Map(units.institutions.map((i) => [i.id, i.name ?? null]));
    return rows.map((r) => {
      const values = nationalServiceRecord({
        code: r.code, instrumentName: instruments.get(r.instrument_id)?.name ?? null, serviceMode: r.service_mode, serviceCategory: r.service_category,
        start: new Date(r.start_at), end: new Date(r.end_at), samples: r.samples, amountFen: r.amount_fen === null ? null : BigInt(r.amount_fen),
        voucherFen: BigInt(r.voucher_fen ?? '0'), projectCode: r.project_code, userName: userName.get(r.user_id) ?? null, userInstitutionName: unitName.get(r.user_institution_id) ?? null,
      });
      return { record: r.code, values, missing: missingNationalServiceFields(values) };
    });
  }
}
