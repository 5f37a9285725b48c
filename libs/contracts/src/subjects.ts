/**
 * NATS subjects: `<service>.<aggregate>.<verb>` for request/reply, past tense for events.
 * A subject is a persisted API: add new ones, never change what an existing one means.
 */
export const CATALOGUE_QUEUE_GROUP = 'catalogue';

export const CatalogueSubjects = {
  health: 'catalogue.health.check',
  jobGet: 'catalogue.job.get',
  categoryList: 'catalogue.category.list',
  institutionCreate: 'catalogue.institution.create',
  institutionList: 'catalogue.institution.list',
  institutionGet: 'catalogue.institution.get',
  institutionUpdate: 'catalogue.institution.update',
  userCreate: 'catalogue.user.create',
  userList: 'catalogue.user.list',
  userGet: 'catalogue.user.get',
  userAuthenticate: 'catalogue.user.authenticate',
  userEnsureBootstrap: 'catalogue.user.ensure-bootstrap',
  instrumentCreate: 'catalogue.instrument.create',
  instrumentSearch: 'catalogue.instrument.search',
  instrumentGet: 'catalogue.instrument.get',
  instrumentUpdate: 'catalogue.instrument.update',
  rateCardsReplace: 'catalogue.rate-card.replace',
  rateCardsList: 'catalogue.rate-card.list',
  availabilityPut: 'catalogue.availability.put',
  availabilityGet: 'catalogue.availability.get',
  blackoutCreate: 'catalogue.blackout.create',
  blackoutList: 'catalogue.blackout.list',
  blackoutDelete: 'catalogue.blackout.delete',
  qualificationGrant: 'catalogue.qualification.grant',
  qualificationList: 'catalogue.qualification.list',
  qualificationRevoke: 'catalogue.qualification.revoke',
  importStart: 'catalogue.import.start',
} as const;

/** Every service answers this with its own checks of its dependencies. */
export interface HealthReply {
  service: string;
  version: string;
  ok: boolean;
  /** Which replica answered (host:pid). */
  instance?: string;
  checks: Record<string, { ok: boolean; error?: string; ms?: number }>;
}
