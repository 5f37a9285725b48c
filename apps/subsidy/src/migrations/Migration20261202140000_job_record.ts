import { Migration } from '@mikro-orm/migrations';
import { jobRecordTableSql } from '@yixiang/common';

/** Subsidy run jobs' history in PostgreSQL beside BullMQ's, so a Redis that lost its data loses no job (libs/common/src/jobs/job-records.ts). */
export class Migration20261202140000_job_record extends Migration {
  override async up(): Promise<void> {
    for (const sql of jobRecordTableSql('subsidy')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table subsidy.job_record');
  }
}
