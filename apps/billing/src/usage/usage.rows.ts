import type { ServiceCategory, ServiceMode, UsageSource, UsageStatus, UsageView } from '@yixiang/contracts';

export interface UsageRow {
  id: string; code: string; instrument_id: string; provider_institution_id: string; user_id: string; user_institution_id: string;
  service_mode: ServiceMode; service_category: ServiceCategory; start_at: Date | string; end_at: Date | string; samples: number | null;
  status: UsageStatus; source: UsageSource; booking_id: string | null; reason: string | null; created_by: string | null; created_at: Date | string;
}

export const USAGE_COLUMNS = `id, code, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode, service_category,
  start_at, end_at, samples, status, source, booking_id, reason, created_by, created_at`;

const iso = (v: Date | string) => new Date(v).toISOString();

export function usageView(r: UsageRow): UsageView {
  return {
    id: r.id, code: r.code, instrumentId: r.instrument_id, providerInstitutionId: r.provider_institution_id, userId: r.user_id,
    userInstitutionId: r.user_institution_id, serviceMode: r.service_mode, serviceCategory: r.service_category, start: iso(r.start_at),
    end: iso(r.end_at), samples: r.samples, status: r.status, source: r.source, bookingId: r.booking_id, reason: r.reason,
    createdBy: r.created_by, createdAt: iso(r.created_at),
  };
}
