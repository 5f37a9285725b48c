import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JobRecords } from '@yixiang/common';

/** Subsidy run jobs' records in subsidy.job_record (libs/common/src/jobs/job-records.ts). */
@Injectable()
export class RunRecords extends JobRecords {
  constructor(em: EntityManager) {
    super(<T>(sql: string, params?: unknown[]) => em.getConnection().execute(sql, params) as Promise<T>, 'subsidy');
  }
}
