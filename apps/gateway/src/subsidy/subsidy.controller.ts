import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags, ApiOkResponse, ApiCreatedResponse, ApiAcceptedResponse } from '@nestjs/swagger';
import {
  Actor, CreateSubsidyRunDto, Page, PageQuery, SubsidyResultsQuery, SubsidyRunView, SubsidySubjects, pageOf, DeletedView, PolicyView, RunStartedView, RunResultsReply, RunResultsView, RunComparisonView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { OptionalUuidQueryPipe } from '../http/query.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

@ApiTags('subsidy')
@ApiSignedIn()
@Controller()
export class SubsidyController {
  constructor(private readonly services: Services) {}

  @Post('policies')
  @ApiOperation({ summary: 'A policy document (policy.md); a known code gets its next version; every bad field is named' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true, description: 'the policy document of policy.md; optional manualHoursFactorPct: the whole percentage 0–100 of non-terminal (check-out, import, manual) hours counted, 100 when absent' } })
  @ApiCreatedResponse({ type: PolicyView })
  @ApiErrors(400, 403)
  createPolicy(@CurrentActor() actor: Actor, @Body() document: unknown): Promise<PolicyView> {
    return this.services.subsidy.request(SubsidySubjects.policyCreate, { actor, document });
  }

  @Get('policies')
  @ApiOkResponse({ type: pageOf(PolicyView) })
  @ApiErrors(400, 403)
  @ApiOperation({ summary: 'Policies, newest first, paginated' })
  policies(@CurrentActor() actor: Actor, @Query() data: PageQuery): Promise<Page<PolicyView>> {
    return this.services.subsidy.request(SubsidySubjects.policyList, { actor, data });
  }

  @Get('policies/:id')
  @ApiOkResponse({ type: PolicyView })
  @ApiErrors(403, 404)
  @ApiOperation({ summary: 'One policy document' })
  policy(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<PolicyView> {
    return this.services.subsidy.request(SubsidySubjects.policyGet, { actor, id });
  }

  @Post('subsidy-runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Evaluate a year under a policy (optionally a region, or a what-if simulation with overrides) → 202 {runId, jobId}' })
  @ApiAcceptedResponse({ type: RunStartedView })
  @ApiErrors(400, 403, 404)
  createRun(@CurrentActor() actor: Actor, @Body() data: CreateSubsidyRunDto): Promise<{ runId: string; jobId: string }> {
    return this.services.subsidy.request(SubsidySubjects.runCreate, { actor, data });
  }

  @Get('subsidy-runs')
  @ApiOkResponse({ type: pageOf(SubsidyRunView) })
  @ApiErrors(400, 403)
  @ApiOperation({ summary: 'Subsidy runs, newest first (institution admins: published ones), paginated' })
  runs(@CurrentActor() actor: Actor, @Query() data: PageQuery): Promise<Page<SubsidyRunView>> {
    return this.services.subsidy.request(SubsidySubjects.runList, { actor, data });
  }

  @Get('subsidy-runs/:id')
  @ApiOkResponse({ type: SubsidyRunView })
  @ApiErrors(403, 404)
  @ApiOperation({ summary: 'One subsidy run and its state' })
  run(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SubsidyRunView> {
    return this.services.subsidy.request(SubsidySubjects.runGet, { actor, id });
  }

  @Get('subsidy-runs/:id/results')
  @ApiOperation({ summary: 'Results; with ?institution= every number of its result with the figures, the rule and the usage records behind it' })
  @ApiOkResponse({ type: RunResultsView })
  @ApiErrors(400, 403, 404)
  results(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() query: SubsidyResultsQuery): Promise<RunResultsReply> {
    return this.services.subsidy.request(SubsidySubjects.runResults, { actor, id, institution: query.institution, lang: query.lang });
  }

  @Get('subsidy-runs/:id/compare')
  @ApiQuery({ name: 'base', required: false, description: 'the run to compare with (default: the simulation’s base run)' })
  @ApiOperation({ summary: 'Side by side with another run: who gains, who loses, by how much' })
  @ApiOkResponse({ type: RunComparisonView })
  @ApiErrors(400, 403, 404)
  compare(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query('base', new OptionalUuidQueryPipe('base')) base?: string): Promise<RunComparisonView> {
    return this.services.subsidy.request(SubsidySubjects.runCompare, { actor, id, base });
  }

  @Post('subsidy-runs/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft run; it can then be neither changed nor deleted' })
  @ApiOkResponse({ type: SubsidyRunView })
  @ApiErrors(403, 404, 409, 422)
  publish(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SubsidyRunView> {
    return this.services.subsidy.request(SubsidySubjects.runPublish, { actor, id });
  }

  @Delete('subsidy-runs/:id')
  @ApiOkResponse({ type: DeletedView })
  @ApiErrors(403, 404, 409)
  @ApiOperation({ summary: 'Delete a run that is not published' })
  remove(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<{ deleted: true }> {
    return this.services.subsidy.request(SubsidySubjects.runDelete, { actor, id });
  }
}
