import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Actor, Page, pageWindow, RegisterTerminalDto, TerminalListQuery, TerminalRegisteredView, TerminalView } from '@yixiang/contracts';
import { AuditTrail, authorize, can, fail, requireActor, SqlFilter } from '@yixiang/common';
import { noSuch, terminalSigningKey, UUID_PATTERN } from '@yixiang/domain';
import { CatalogueClient } from '../shared/catalogue.client';
import { type TerminalRow, terminalView, TerminalsRepository } from './terminals.repository';

/** The institution's staff act on their own institution's rows; auditors and joint officers read every row. */
export function institutionScope(a: Actor): string | null {
  return (a.role === 'operator' || a.role === 'institution_admin') && a.institutionId ? a.institutionId : null;
}

/** What the audit trail keeps of a terminal: whose it is and whether it is live (not when it last called in). */
function auditedTerminal(r: TerminalRow): Record<string, unknown> {
  const { lastSeenAt: _seen, ...kept } = terminalView(r);
  return kept;
}

/** Registering, listing and revoking an institution's instrument terminals (issue 20). */
@Injectable()
export class TerminalsService {
  constructor(
    private readonly repository: TerminalsRepository,
    private readonly catalogue: CatalogueClient,
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  /** The credential goes back once, in this reply; the platform keeps its SHA-256, which is also what the terminal signs with. */
  async register(actor: Actor | null, dto: RegisterTerminalDto): Promise<TerminalRegisteredView> {
    const a = requireActor(actor);
    const instrument = await this.catalogue.context(dto.instrumentId);
    authorize(a, 'terminal.manage', { institutionId: instrument.institutionId });
    const credential = `tsec_${randomBytes(32).toString('base64url')}`;
    const row = await this.em.transactional(async (em) => {
      const inserted = await this.repository.insertTerminal(em, {
        id: randomUUID(), instrumentId: instrument.instrumentId, institutionId: instrument.institutionId, name: dto.name.trim(),
        credentialSha256: terminalSigningKey(credential), createdBy: a.userId,
      });
      // Never the credential nor its digest: the trail is read by auditors, and the digest signs.
      await this.audit.append(em, { actor: a, action: 'terminal.register', objectType: 'terminal', objectId: inserted.id, before: null, after: auditedTerminal(inserted) });
      return inserted;
    });
    return { ...terminalView(row), credential };
  }

  async list(actor: Actor | null, query: TerminalListQuery): Promise<Page<TerminalView>> {
    const a = requireActor(actor);
    const scope = institutionScope(a);
    authorize(a, 'terminal.read', { institutionId: scope ?? '' });
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (scope) filter.and('institution_id = ?', scope);
    if (query.instrumentId) filter.and('instrument_id = ?', query.instrumentId.toLowerCase());
    const { rows, total } = await this.repository.listTerminals(filter, pageSize, offset);
    return { items: rows.map(terminalView), total, page, pageSize };
  }

  /** Revoking twice changes nothing: the second answer is the terminal as the first left it. */
  async revoke(actor: Actor | null, id: string): Promise<TerminalView> {
    const a = requireActor(actor);
    const missing = noSuch('终端', 'terminal', id);
    const row = UUID_PATTERN.test(id) ? await this.repository.terminal(id.toLowerCase()) : null;
    if (!row || !can(a, 'terminal.read', { institutionId: row.institution_id })) fail('NOT_FOUND', missing);
    authorize(a, 'terminal.manage', { institutionId: row.institution_id });
    const revoked = await this.em.transactional(async (em) => {
      const changed = await this.repository.revoke(em, row.id, a.userId);
      if (changed) await this.audit.append(em, { actor: a, action: 'terminal.revoke', objectType: 'terminal', objectId: row.id, before: auditedTerminal(row), after: auditedTerminal(changed) });
      return changed;
    });
    return terminalView(revoked ?? row);
  }
}
