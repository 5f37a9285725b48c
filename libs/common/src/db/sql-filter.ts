import type { Actor } from '@yixiang/contracts';
import { pgArray } from './pg-array';

/**
 * The columns that say whose a row is, for an actor-scoped list: the institution that provides the
 * instrument, the institution on the other side (the booker's or the payer's), and optionally the
 * user the row is about.
 */
export interface ScopeColumns {
  provider: string;
  client: string;
  user?: string;
}

/**
 * A WHERE clause built condition by condition, with its `?` parameters kept beside it in order:
 * the lists of bookings, usage records, statements and charges filter the same way, and a
 * condition and its values can no longer drift apart.
 */
export class SqlFilter {
  private readonly conditions: string[] = [];
  private readonly values: unknown[] = [];

  /** Adds a condition; its `?` placeholders take `params` in order (a count that differs is a bug, caught here). */
  and(condition: string, ...params: unknown[]): this {
    const placeholders = condition.split('?').length - 1;
    if (placeholders !== params.length) throw new Error(`SqlFilter: "${condition}" has ${placeholders} placeholders for ${params.length} values`);
    this.conditions.push(condition);
    this.values.push(...params);
    return this;
  }

  /**
   * What an actor may list, the lists' form of the read rules in permissions: the bureau and
   * auditors everything; institution staff the rows their institution provides or is the client
   * of; a researcher the rows about them (`user`), or, where rows are about no one user
   * (statements), those their institution is the client of.
   */
  scopedTo(actor: Actor, columns: ScopeColumns, regionInstitutions?: readonly string[]): this {
    // A regional bureau officer (issue 16): the rows its region's institutions provide or are the
    // client of (InstitutionRegions.scopeOf); without that list, none.
    if (actor.role === 'bureau' && actor.region !== null) {
      if (!regionInstitutions?.length) return this.and('false');
      const ids = pgArray(regionInstitutions);
      return this.and(`(${columns.provider}::text = any(?::text[]) or ${columns.client}::text = any(?::text[]))`, ids, ids);
    }
    if (actor.role === 'bureau' || actor.role === 'auditor') return this;
    if (actor.role === 'researcher') return columns.user ? this.and(`${columns.user} = ?`, actor.userId) : this.and(`${columns.client} = ?`, actor.institutionId);
    return this.and(`(${columns.provider} = ? or ${columns.client} = ?)`, actor.institutionId, actor.institutionId);
  }

  /** The conditions joined by `and`; `true` when there are none. */
  get sql(): string {
    return this.conditions.length ? this.conditions.join(' and ') : 'true';
  }

  get params(): unknown[] {
    return [...this.values];
  }
}
