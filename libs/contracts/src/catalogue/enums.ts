export const INSTITUTION_KINDS = ['university', 'institute', 'hospital', 'enterprise', 'other'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const SHARING_STATUSES = ['open', 'internal', 'suspended'] as const;
export type SharingStatus = (typeof SHARING_STATUSES)[number];

export const SERVICE_MODES = ['self', 'assisted', 'sample'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export const RATE_UNITS = ['hour', 'sample'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];

/** `YYYY-MM-DD`, a calendar day in Asia/Shanghai. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 8601 instant with an explicit offset (`Z` or `+08:00`). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** A date or an instant: validity bounds take either. */
export const DATE_OR_INSTANT_PATTERN = new RegExp(`(${DATE_PATTERN.source})|(${INSTANT_PATTERN.source})`);
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
