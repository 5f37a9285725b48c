import type { InstitutionView, QualificationView, RateCardView, UserView } from '@yixiang/contracts';
import type { Institution, Qualification, RateCard, User } from '../entities';

export const iso = (d: Date) => d.toISOString();

export function institutionView(i: Institution): InstitutionView {
  return {
    id: i.id, code: i.code, name: i.name, kind: i.kind, region: i.region, creditCode: i.creditCode,
    groupCode: i.groupCode, contacts: i.contacts, createdAt: iso(i.createdAt), updatedAt: iso(i.updatedAt),
  };
}

export function userView(u: User, institutionCode: string | null): UserView {
  return {
    id: u.id, code: u.code, email: u.email, name: u.name, role: u.role, institutionId: u.institutionId, region: u.region,
    institutionCode, active: u.active, createdAt: iso(u.createdAt),
  };
}

export function rateCardView(c: RateCard, instrumentCode: string): RateCardView {
  return {
    id: c.id, code: c.code, instrumentId: c.instrumentId, instrumentCode, serviceMode: c.serviceMode, unit: c.unit,
    internalPriceFen: c.internalPriceFen, externalPriceFen: c.externalPriceFen, incrementMinutes: c.incrementMinutes,
    minimumChargeFen: c.minimumChargeFen, validFrom: iso(c.validFrom), validTo: c.validTo ? iso(c.validTo) : null,
  };
}

export function qualificationView(q: Qualification): QualificationView {
  return { id: q.id, userId: q.userId, instrumentId: q.instrumentId, validTo: iso(q.validTo), grantedBy: q.grantedBy, createdAt: iso(q.createdAt) };
}
