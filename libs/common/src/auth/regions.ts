import { Actor, CatalogueSubjects } from '@yixiang/contracts';
import { isRegionalOfficer } from '@yixiang/domain';
import { relay, ServiceClient } from '../messaging/service-client';

/**
 * Institutions' regions asked of the catalogue (catalogue.institution.regions), for the permission
 * rules about regional bureau officers (issue 16). Only a regional officer's requests need them:
 * everyone else's decisions do not depend on regions, so they cost nothing.
 */
export class InstitutionRegions {
  constructor(private readonly catalogue: ServiceClient) {}

  /** Whether the actor's permissions depend on regions at all. */
  static matter(actor: Actor | null | undefined): boolean {
    return Boolean(actor && isRegionalOfficer(actor));
  }

  /** The region of each institution named (null: none recorded, or no such institution). */
  async of(institutionIds: (string | null)[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(institutionIds.filter((id): id is string => typeof id === 'string'))];
    const out = new Map<string, string | null>(ids.map((id) => [id, null]));
    if (!ids.length) return out;
    const reply = await relay(this.catalogue, CatalogueSubjects.institutionRegions, { institutionIds: ids });
    for (const i of reply.institutions) out.set(i.id, i.region);
    return out;
  }

  /** The region of one institution (null: none). */
  async one(institutionId: string | null): Promise<string | null> {
    if (!institutionId) return null;
    return (await this.of([institutionId])).get(institutionId) ?? null;
  }

  /** A booking's or usage record's parties' regions, asked only when the actor is a regional officer (else nulls). */
  async parties(actor: Actor, providerInstitutionId: string, userInstitutionId: string | null): Promise<{ providerRegion: string | null; userRegion: string | null }> {
    if (!InstitutionRegions.matter(actor)) return { providerRegion: null, userRegion: null };
    const regions = await this.of([providerInstitutionId, userInstitutionId]);
    return { providerRegion: regions.get(providerInstitutionId) ?? null, userRegion: userInstitutionId ? regions.get(userInstitutionId) ?? null : null };
  }

  /** Every institution of a region. */
  async inRegion(region: string): Promise<string[]> {
    return (await relay(this.catalogue, CatalogueSubjects.institutionRegions, { region })).institutions.map((i) => i.id);
  }

  /** The institutions a regional officer's lists are limited to; undefined for everyone else (no limit by region). */
  async scopeOf(actor: Actor): Promise<string[] | undefined> {
    return isRegionalOfficer(actor) ? this.inRegion(actor.region) : undefined;
  }
}
