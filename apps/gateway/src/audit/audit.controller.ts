import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AUDITED_SERVICES, AuditEntryView, AuditQuery, AuditSubjects, AuditVerifyView, Page, pageOf, pageWindow } from '@yixiang/contracts';
import { decide, mergedAuditPage } from '@yixiang/domain';
import { CurrentActor } from '../auth/actor.decorator';
import { ApiError } from '../http/api-error';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { Services } from '../http/services';

/** Recomputing a chain reads all of it: more time than a usual request. */
const VERIFY_TIMEOUT_MS = 60000;

/**
 * The audit trail (issue 20): each audited service keeps its own hash-chained trail; the gateway
 * asks each and merges, keeping nothing itself. For the bureau and auditors.
 */
@ApiTags('audit')
@ApiSignedIn()
@Controller('audit')
export class AuditController {
  constructor(private readonly services: Services) {}

  @Get()
  @ApiOperation({ summary: 'Who changed what (money, policies, grades, vouchers, rate cards, roles, institutions), newest first, with the object before and after; every service’s trail merged by time' })
  @ApiOkResponse({ type: pageOf(AuditEntryView) })
  @ApiErrors(400, 403)
  async list(@CurrentActor() actor: Actor, @Query() query: AuditQuery): Promise<Page<AuditEntryView>> {
    this.allowed(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const { service, ...data } = query;
    const asked = service ? [service] : AUDITED_SERVICES;
    // Each service sends its newest offset + pageSize matches: enough for this page of all of them together (mergedAuditPage).
    const parts = await Promise.all(asked.map((s) => this.services[s].request(AuditSubjects[s].list, { actor, data, limit: offset + pageSize })));
    return { items: mergedAuditPage(parts.map((p) => p.items), offset, pageSize), total: parts.reduce((n, p) => n + p.total, 0), page, pageSize };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recomputes every service’s hash chain from its first entry: all intact with their counts, or the first broken link of each chain that is not (service, sequence, problem)' })
  @ApiOkResponse({ type: AuditVerifyView })
  @ApiErrors(403)
  async verify(@CurrentActor() actor: Actor): Promise<AuditVerifyView> {
    this.allowed(actor);
    const chains = await Promise.all(AUDITED_SERVICES.map((s) => this.services[s].request(AuditSubjects[s].verify, { actor }, VERIFY_TIMEOUT_MS)));
    return { intact: chains.every((c) => c.intact), entries: chains.reduce((n, c) => n + c.entries, 0), checkedAt: new Date().toISOString(), chains };
  }

  /** Refused here once rather than by every service (each asks the same permission again). */
  private allowed(actor: Actor): void {
    const decision = decide(actor, 'audit.read', {});
    if (!decision.allowed) throw new ApiError('FORBIDDEN', decision.reason, { permission: 'audit.read' });
  }
}
