export const INSTITUTION_KINDS = ['university', 'institute', 'hospital', 'enterprise', 'other'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const SHARING_STATUSES = ['open', 'internal', 'suspended'] as const;
export type SharingStatus = (typeof SHARING_STATUSES)[number];

export const SERVICE_MODES = ['self', 'assisted', 'sample'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export const RATE_UNITS = ['hour', 'sample'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];

/* Dates, instants and months: IsCalendarDate, IsInstant, IsDateOrInstant, IsPeriod (../validation.ts), one rule in libs/domain. */
// The exchange code's shape is defined once, in libs/domain (validation/patterns.ts); DTOs match against it.
export { CODE_PATTERN } from '@yixiang/domain';
