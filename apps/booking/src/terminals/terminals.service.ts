import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Actor, Page, pageWindow, RegisterTerminalDto, TerminalListQuery, TerminalRegisteredView, TerminalView } from '@yixiang/contracts';
import { authorize, can, fail, requireActor, SqlFilter } from '@yixiang/common';
import { noSuch, terminalSigningKey, UUID_PATTERN } from '@yixiang/domain';
import { CatalogueClient } from '../shared/catalogue.client';
import { terminalView, TerminalsRepository } from './terminals.repository';

/** The institution's staff act on their own institution's rows; auditors and joint officers read every row. */
export function institutionScope(a: Actor): string | null {
  return (a.role === 'operator' || a.role === 'institution_admin') && a.institutionId ? a.institutionId : null;
}

/** Registering, listing and revoking an institution's instrument terminals (issue 20). */
@Injectable()
export class TerminalsService {
  constructor(
    private readonly repository: TerminalsRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  /** The credential goes back once, in this reply; the platform keeps its SHA-256, which is also what the terminal signs with. */
  async register(actor: Actor | null, dto: RegisterTerminalDto): Promise<TerminalRegisteredView> {
    const a = requireActor(actor);
    const instrument = await this.catalogue.context(dto.instrumentId);
    authorize(a, 'terminal.manage', { institutionId: instrument.institutionId });
    const credential = `tsec_${randomBytes(32).toString('base64url')}`;
    const row = await this.repository.insertTerminal({
      id: randomUUID(), instrumentId: instrument.instrumentId, institutionId: instrument.institutionId, name: dto.name.trim(),
      credentialSha256: terminalSigningKey(credential), createdBy: a.userId,
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
    return terminalView((await this.repository.revoke(row.id, a.userId)) ?? row);
  }
}
