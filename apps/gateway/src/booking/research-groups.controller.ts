import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, AddGroupMemberDto, BookingSubjects, BookingView, CreateFundAccountDto, CreateResearchGroupDto, FundAccountView, Page, pageOf, ResearchGroupQuery, ResearchGroupView,
  UpdateFundAccountDto,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

/** Issue 18: research groups (课题组), their members and fund accounts (经费卡). */
@ApiTags('research groups')
@ApiSignedIn()
@Controller()
export class ResearchGroupsController {
  constructor(private readonly services: Services) {}

  @Post('research-groups')
  @ApiOperation({ summary: 'Set up a research group of an institution with its PI (the institution’s admin)' })
  @ApiCreatedResponse({ type: ResearchGroupView })
  @ApiErrors(400, 403, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateResearchGroupDto): Promise<ResearchGroupView> {
    return this.services.booking.request(BookingSubjects.groupCreate, { actor, data });
  }

  @Get('research-groups')
  @ApiOperation({ summary: 'Research groups: the ones you belong to; an admin’s institution’s; all for the bureau and auditors' })
  @ApiOkResponse({ type: pageOf(ResearchGroupView) })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() data: ResearchGroupQuery): Promise<Page<ResearchGroupView>> {
    return this.services.booking.request(BookingSubjects.groupList, { actor, data });
  }

  @Get('research-groups/:id')
  @ApiOperation({ summary: 'One research group with its members' })
  @ApiOkResponse({ type: ResearchGroupView })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ResearchGroupView> {
    return this.services.booking.request(BookingSubjects.groupGet, { actor, id });
  }

  @Post('research-groups/:id/members')
  @ApiOperation({ summary: 'Add a member, a user of the group’s institution (the PI or the institution’s admin)' })
  @ApiCreatedResponse({ type: ResearchGroupView })
  @ApiErrors(400, 403, 404, 422)
  addMember(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: AddGroupMemberDto): Promise<ResearchGroupView> {
    return this.services.booking.request(BookingSubjects.groupMemberAdd, { actor, id, data });
  }

  @Delete('research-groups/:id/members/:userId')
  @ApiOperation({ summary: 'Remove a member (never the PI); their bookings keep their holds' })
  @ApiOkResponse({ type: ResearchGroupView })
  @ApiErrors(403, 404, 422)
  removeMember(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('userId', UuidPipe) userId: string): Promise<ResearchGroupView> {
    return this.services.booking.request(BookingSubjects.groupMemberRemove, { actor, id, userId });
  }

  @Post('research-groups/:id/fund-accounts')
  @ApiOperation({ summary: 'Open a fund account of the group: code unique in the institution, optional budget, validity (the institution’s admin)' })
  @ApiCreatedResponse({ type: FundAccountView })
  @ApiErrors(400, 403, 404, 409)
  createAccount(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: CreateFundAccountDto): Promise<FundAccountView> {
    return this.services.booking.request(BookingSubjects.fundAccountCreate, { actor, id, data });
  }

  @Get('research-groups/:id/fund-accounts')
  @ApiOperation({ summary: 'The group’s fund accounts with what is held, charged and still available' })
  @ApiOkResponse({ type: [FundAccountView] })
  @ApiErrors(404)
  accounts(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<FundAccountView[]> {
    return this.services.booking.request(BookingSubjects.fundAccountList, { actor, id });
  }

  @Get('research-groups/:id/pi-approvals')
  @ApiOperation({ summary: 'The members’ bookings waiting for the PI’s approval (above a fund account’s threshold), soonest first' })
  @ApiOkResponse({ type: [BookingView] })
  @ApiErrors(404)
  piApprovals(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BookingView[]> {
    return this.services.booking.request(BookingSubjects.groupPiApprovals, { actor, id });
  }

  @Patch('fund-accounts/:id')
  @ApiOperation({ summary: 'Freeze or unfreeze a fund account, change its budget, name or end of validity (the institution’s admin)' })
  @ApiOkResponse({ type: FundAccountView })
  @ApiErrors(400, 403, 404)
  updateAccount(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: UpdateFundAccountDto): Promise<FundAccountView> {
    return this.services.booking.request(BookingSubjects.fundAccountUpdate, { actor, id, data });
  }
}
