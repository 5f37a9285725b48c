import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, AuditQuery, auditSubjects, AuditedService, MAX_PAGE, MAX_PAGE_SIZE } from '@yixiang/contracts';
import { authorize } from '../auth/permissions';
import { Handles } from '../messaging/handles';
import { AuditTrail } from './audit-trail';

/** Far enough for the last page GET /audit can ask for (a service never sends more than it has). */
const MAX_LIMIT = MAX_PAGE * MAX_PAGE_SIZE;

/**
 * The audit handlers of a service (`<service>.audit.list`, `<service>.audit.verify`): the same in
 * every audited service, as the trail is (AuditTrail); the subjects are fixed when the class is made.
 */
export function auditHandlers(service: AuditedService): Type<unknown> {
  const subjects = auditSubjects(service);

  @Controller()
  class AuditHandlers {
    constructor(
      private readonly em: EntityManager,
      private readonly trail: AuditTrail,
    ) {}

    @Handles(subjects.auditList)
    list(@Payload('actor') actor: Actor | null, @Payload('data') data: AuditQuery, @Payload('limit') limit: unknown) {
      authorize(actor, 'audit.read', {});
      const n = typeof limit === 'number' && Number.isInteger(limit) ? Math.min(Math.max(limit, 1), MAX_LIMIT) : MAX_PAGE_SIZE;
      return this.trail.page(this.em.fork(), data, n);
    }

    @Handles(subjects.auditVerify)
    verify(@Payload('actor') actor: Actor | null) {
      authorize(actor, 'audit.read', {});
      return this.trail.verify(this.em.fork());
    }
  }
  return AuditHandlers;
}
