import type { Provider, Type } from '@nestjs/common';
import type { AuditedService } from '@yixiang/contracts';
import { auditHandlers } from './audit.handlers';
import { AUDIT_OPTIONS, AuditTrail } from './audit-trail';

export * from './audit-table';
export * from './audit-trail';
export * from './audit.handlers';

/**
 * What an audited service adds to its module (catalogue, billing, subsidy): the trail of
 * `<schema>.audit`, which its services append to in their transactions, and its two handlers.
 */
export function auditTrail(service: AuditedService, schema: string): { providers: Provider[]; controllers: Type<unknown>[] } {
  return { providers: [{ provide: AUDIT_OPTIONS, useValue: { service, schema } }, AuditTrail], controllers: [auditHandlers(service)] };
}
