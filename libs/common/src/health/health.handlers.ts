import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Inject, Type } from '@nestjs/common';
import type { HealthCheck, HealthReply, Subject } from '@yixiang/contracts';
import { Handles } from '../messaging/handles';
import { CheckResult, checkPostgres, checkSchema, healthReply } from './checks';

/** The provider of a service's own part of its health answer (see ServiceHealth). */
export const SERVICE_HEALTH = Symbol('SERVICE_HEALTH');

/**
 * What a service adds to the checks every service makes (PostgreSQL answers, its schema is the one
 * this build expects).
 */
export interface ServiceHealth {
  readonly version: string;
  /** Checks the service cannot work without: one failing makes the replica not ready (its Redis). */
  required?(): Promise<Record<string, CheckResult>>;
  /** Checks reported without refusing traffic (a publishing backlog, retried deliveries). */
  reported?(): Promise<Record<string, CheckResult>>;
}

const none = async (): Promise<Record<string, CheckResult>> => ({});

/**
 * The one health handler of every service, answering the service's health subject. The subject is
 * fixed when the class is made, as a decorator needs it; the service's own checks come from the
 * SERVICE_HEALTH provider of its module.
 */
export function healthHandlers(service: string, subject: Subject<HealthCheck, HealthReply>): Type<unknown> {
  @Controller()
  class HealthHandlers {
    constructor(
      private readonly em: EntityManager,
      @Inject(SERVICE_HEALTH) private readonly own: ServiceHealth,
    ) {}

    @Handles(subject)
    async check(): Promise<HealthReply> {
      const [postgres, schema, required, reported] = await Promise.all([
        checkPostgres(this.em), checkSchema(this.em), (this.own.required ?? none).call(this.own), (this.own.reported ?? none).call(this.own),
      ]);
      const ready = [postgres, schema, ...Object.values(required)].every((c) => c.ok);
      return healthReply(service, this.own.version, { postgres, schema, ...required, ...reported }, ready);
    }
  }
  return HealthHandlers;
}
