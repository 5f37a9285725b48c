import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, ApiAcceptedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import {
  Actor, BillingSubjects, CatalogueSubjects, SubsidySubjects, IMPORT_BLOB_TTL_SECONDS, ImportCellPage, JobListItemView, JobPage, JobStatus, JobStatusView, Page, PageQuery, pageWindow, Queues, queueOfJobId, JobStartedView,
} from '@yixiang/contracts';
import { decide, isRegionalOfficer, inLanguage, type Language, localize, noSuch, said } from '@yixiang/domain';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { GatewayConfig } from '../config';
import { ApiError } from '../http/api-error';
import { RequestLanguage } from '../http/language.decorator';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

@ApiTags('jobs')
@ApiSignedIn()
@Controller()
export class ImportsController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly config: GatewayConfig,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @ApiOperation({ summary: 'Import an exchange bundle (.zip) whole or not at all → 202 {jobId}' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['bundle'], properties: { bundle: { type: 'string', format: 'binary' } } } })
  @ApiAcceptedResponse({ type: JobStartedView })
  @ApiErrors(400, 403, 413)
  async import(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<{ jobId: string }> {
    // Refused here, before the upload is read; the catalogue asks the same permission again.
    const decision = decide(actor, 'import.start', { institutionId: actor.institutionId });
    if (!decision.allowed) throw new ApiError('FORBIDDEN', isRegionalOfficer(actor) ? decision.reason : said('只有科技局或单位管理员可以导入', 'only the bureau or an institution admin may import'));
    if (!request.isMultipart()) throw new ApiError('VALIDATION_FAILED', said('请以 multipart/form-data 上传文件字段“bundle”', 'send multipart/form-data with a file field "bundle"'), { fields: [{ field: 'bundle', reason: said('必须上传', 'required') }] });
    let bytes: Buffer | null = null;
    let fileName = 'bundle.zip';
    for await (const part of request.parts({ limits: { fileSize: this.config.MAX_UPLOAD_MB * 1024 * 1024, files: 1 } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'bundle') throw new ApiError('VALIDATION_FAILED', said(`未知的文件字段“${part.fieldname}”，数据包应放在“bundle”中`, `unexpected file field "${part.fieldname}"; the bundle goes in "bundle"`), { fields: [{ field: part.fieldname, reason: said('未知字段', 'unknown field') }] });
      bytes = await part.toBuffer();
      if (part.file.truncated) throw new ApiError('PAYLOAD_TOO_LARGE', said(`数据包超过 ${this.config.MAX_UPLOAD_MB} MB`, `the bundle is larger than ${this.config.MAX_UPLOAD_MB} MB`));
      fileName = part.filename || fileName;
    }
    if (!bytes || bytes.length === 0) throw new ApiError('VALIDATION_FAILED', said('缺少文件字段“bundle”或文件为空', 'the file field "bundle" is missing or empty'), { fields: [{ field: 'bundle', reason: said('必须上传', 'required') }] });
    // The bundle waits in Redis for the worker: NATS messages and job data stay small.
    const blobKey = `${this.config.BULLMQ_PREFIX}:upload:${randomUUID()}`;
    await this.redis.set(blobKey, bytes, 'EX', IMPORT_BLOB_TTL_SECONDS);
    return this.services.catalogue.request(CatalogueSubjects.importStart, { actor, data: { blobKey, fileName } });
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Long jobs for operators, newest first, each with its state and failure reason (the bureau all; an institution admin their institution’s)' })
  @ApiOkResponse({ type: JobPage })
  @ApiErrors(400, 403)
  async jobs(@CurrentActor() actor: Actor, @Query() query: PageQuery, @RequestLanguage() language: Language): Promise<Page<JobListItemView>> {
    // Each service answers for its own queue (its newest JOB_LIST_LIMIT); the gateway keeps no job state.
    const parts = await Promise.all([
      this.services.catalogue.request(CatalogueSubjects.jobList, { actor }),
      this.services.billing.request(BillingSubjects.jobList, { actor }),
      this.services.subsidy.request(SubsidySubjects.jobList, { actor }),
    ]);
    const all = parts.flat().sort((x, y) => y.createdAt.localeCompare(x.createdAt) || x.id.localeCompare(y.id));
    const { page, pageSize, offset } = pageWindow(query);
    return { items: localize(all.slice(offset, offset + pageSize), language), total: all.length, page, pageSize };
  }

  @Get('jobs/:id')
  @ApiOkResponse({ type: JobStatusView })
  @ApiOperation({ summary: 'State and progress of a long job: { state, progress, result?, error? }' })
  @ApiErrors(403, 404)
  async job(@CurrentActor() actor: Actor, @Param('id') id: string, @RequestLanguage() language: Language): Promise<JobStatus> {
    const queue = queueOfJobId(id);
    // A failed job's error (and its cells) is kept in both languages; the reply is in the asker's.
    if (queue === Queues.catalogueImport) return localize(await this.services.catalogue.request(CatalogueSubjects.jobGet, { actor, id }), language);
    if (queue === Queues.billingSettlement) return localize(await this.services.billing.request(BillingSubjects.jobGet, { actor, id }), language);
    if (queue === Queues.subsidyRun) return localize(await this.services.subsidy.request(SubsidySubjects.jobGet, { actor, id }), language);
    throw new ApiError('NOT_FOUND', noSuch('任务', 'job', id.slice(0, 100)));
  }

  @Post('jobs/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a failed job again under the same id (operators: the bureau, an institution admin their institution’s jobs); 409 unless failed' })
  @ApiOkResponse({ type: JobStatusView })
  @ApiErrors(403, 404, 409)
  async retry(@CurrentActor() actor: Actor, @Param('id') id: string, @RequestLanguage() language: Language): Promise<JobStatus> {
    const queue = queueOfJobId(id);
    if (queue === Queues.catalogueImport) return localize(await this.services.catalogue.request(CatalogueSubjects.jobRetry, { actor, id }), language);
    if (queue === Queues.billingSettlement) return localize(await this.services.billing.request(BillingSubjects.jobRetry, { actor, id }), language);
    if (queue === Queues.subsidyRun) return localize(await this.services.subsidy.request(SubsidySubjects.jobRetry, { actor, id }), language);
    throw new ApiError('NOT_FOUND', noSuch('任务', 'job', id.slice(0, 100)));
  }

  @Get('jobs/:id/cells')
  @ApiOperation({ summary: 'Every bad cell of an import job, a page at a time (the job itself carries the first few and the count)' })
  @ApiOkResponse({ type: ImportCellPage })
  @ApiErrors(400, 403, 404)
  async cells(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQuery, @RequestLanguage() language: Language): Promise<ImportCellPage> {
    if (queueOfJobId(id) !== Queues.catalogueImport) throw new ApiError('NOT_FOUND', said(`任务 ${id.slice(0, 100)} 不存在或不是导入任务（只有导入任务有单元格报告）`, `job ${id.slice(0, 100)} does not exist or is not an import (only imports report cells)`));
    const page = await this.services.catalogue.request(CatalogueSubjects.jobCells, { actor, id, query: { page: query.page, pageSize: query.pageSize } });
    return { ...page, items: page.items.map((cell) => ({ ...cell, reason: inLanguage(cell.reason, language) })) };
  }
}
