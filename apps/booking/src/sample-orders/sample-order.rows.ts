import type { SampleDelivery, SampleHazard, SampleOrderView, ServiceCategory } from '@yixiang/contracts';
import type { SampleOrderState } from '@yixiang/domain';
import { toDate } from '../shared/booking.rows';

/** A row of booking.sample_order, with its report's metadata (never its bytes) when there is one. */
export interface SampleOrderRow {
  id: string;
  code: string;
  instrument_id: string;
  instrument_code: string;
  instrument_name: string;
  provider_institution_id: string;
  user_id: string;
  user_institution_id: string;
  sample_count: number;
  sample_names: string[];
  hazards: SampleHazard[];
  hazard_notes: string | null;
  requested_tests: string;
  delivery: SampleDelivery;
  tracking_number: string | null;
  service_category: ServiceCategory;
  project_code: string | null;
  state: SampleOrderState;
  reason: string | null;
  submitted_at: Date;
  accepted_at: Date | null;
  rejected_at: Date | null;
  received_at: Date | null;
  testing_at: Date | null;
  report_issued_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  updated_at: Date;
  report_file_name: string | null;
  report_content_type: string | null;
  report_size: number | null;
  report_sha256: string | null;
  report_uploaded_at: Date | null;
  report_uploaded_by: string | null;
}

/** The order's columns (alias o) and its report's (alias r, left-joined). */
export const SAMPLE_ORDER_COLUMNS = `o.id, o.code, o.instrument_id, o.instrument_code, o.instrument_name, o.provider_institution_id, o.user_id, o.user_institution_id,
  o.sample_count, o.sample_names, o.hazards, o.hazard_notes, o.requested_tests, o.delivery, o.tracking_number, o.service_category, o.project_code,
  o.state, o.reason, o.submitted_at, o.accepted_at, o.rejected_at, o.received_at, o.testing_at, o.report_issued_at, o.completed_at, o.cancelled_at,
  o.updated_at, r.file_name as report_file_name, r.content_type as report_content_type, r.size as report_size, r.sha256 as report_sha256,
  r.uploaded_at as report_uploaded_at, r.uploaded_by as report_uploaded_by`;

/** The order as the list and the view read it. */
export const SAMPLE_ORDER_FROM = `booking.sample_order o left join booking.sample_report r on r.order_id = o.id`;

const DATES = ['submitted_at', 'accepted_at', 'rejected_at', 'received_at', 'testing_at', 'report_issued_at', 'completed_at', 'cancelled_at', 'updated_at', 'report_uploaded_at'] as const;

/** Raw rows give timestamptz as text and text[] as arrays: rows carry Dates. */
export function asSampleOrderRows(raw: SampleOrderRow[]): SampleOrderRow[] {
  for (const row of raw) {
    for (const column of DATES) {
      const value = row[column] as Date | string | null;
      if (value !== null && value !== undefined) (row as unknown as Record<string, Date>)[column] = toDate(value);
    }
  }
  return raw;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function sampleOrderView(row: SampleOrderRow): SampleOrderView {
  return {
    id: row.id, code: row.code, instrumentId: row.instrument_id, instrumentCode: row.instrument_code, instrumentName: row.instrument_name,
    providerInstitutionId: row.provider_institution_id, userId: row.user_id, userInstitutionId: row.user_institution_id,
    sampleCount: row.sample_count, sampleNames: row.sample_names, hazards: row.hazards, hazardNotes: row.hazard_notes, requestedTests: row.requested_tests,
    delivery: row.delivery, trackingNumber: row.tracking_number, serviceCategory: row.service_category, projectCode: row.project_code,
    state: row.state, reason: row.reason, submittedAt: row.submitted_at.toISOString(), acceptedAt: iso(row.accepted_at), rejectedAt: iso(row.rejected_at),
    receivedAt: iso(row.received_at), testingAt: iso(row.testing_at), reportIssuedAt: iso(row.report_issued_at), completedAt: iso(row.completed_at),
    cancelledAt: iso(row.cancelled_at), updatedAt: row.updated_at.toISOString(),
    report: row.report_file_name === null ? null : {
      fileName: row.report_file_name, contentType: row.report_content_type as string, size: Number(row.report_size), sha256: row.report_sha256 as string,
      uploadedAt: (row.report_uploaded_at as Date).toISOString(), uploadedBy: row.report_uploaded_by as string,
    },
  };
}
