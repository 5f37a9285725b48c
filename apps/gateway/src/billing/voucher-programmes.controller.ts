import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, ApproveVoucherApplicationDto, BillingSubjects, CreateVoucherApplicationDto, CreateVoucherProgrammeDto, Page, pageOf, RejectVoucherApplicationDto,
  VoucherApplicationQuery, VoucherApplicationView, VoucherProgrammeDetail, VoucherProgrammeQuery, VoucherProgrammeView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';

/** Innovation voucher programmes and applications (申领 → 审核): a thin map onto the billing service's subjects. */
@ApiTags('billing')
@ApiSignedIn()
@Controller()
export class VoucherProgrammesController {
  constructor(private readonly services: Services) {}

  @Post('voucher-programmes')
  @ApiOperation({ summary: 'Open a voucher programme (the bureau of its issuing region; a regional officer’s own region by default)' })
  @ApiCreatedResponse({ type: VoucherProgrammeView })
  @ApiErrors(400, 403, 409)
  createProgramme(@CurrentActor() actor: Actor, @Body() data: CreateVoucherProgrammeDto): Promise<VoucherProgrammeView> {
    return this.services.billing.request(BillingSubjects.voucherProgrammeCreate, { actor, data });
  }

  @Get('voucher-programmes')
  @ApiOperation({ summary: 'Voucher programmes (filters year, region, mode); an institution’s people see those their institution may apply to' })
  @ApiOkResponse({ type: pageOf(VoucherProgrammeView) })
  @ApiErrors(400)
  programmes(@CurrentActor() actor: Actor, @Query() data: VoucherProgrammeQuery): Promise<Page<VoucherProgrammeView>> {
    return this.services.billing.request(BillingSubjects.voucherProgrammeList, { actor, data });
  }

  @Get('voucher-programmes/:id')
  @ApiOperation({ summary: 'A voucher programme with its budget report: committed, issued, drawn, expired' })
  @ApiOkResponse({ type: VoucherProgrammeDetail })
  @ApiErrors(404)
  programme(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<VoucherProgrammeDetail> {
    return this.services.billing.request(BillingSubjects.voucherProgrammeGet, { actor, id });
  }

  @Post('voucher-applications')
  @ApiOperation({ summary: 'Apply for a voucher (a researcher or admin of the applying institution); 422 names the programme rule refused' })
  @ApiCreatedResponse({ type: VoucherApplicationView })
  @ApiErrors(400, 403, 404, 422)
  apply(@CurrentActor() actor: Actor, @Body() data: CreateVoucherApplicationDto): Promise<VoucherApplicationView> {
    return this.services.billing.request(BillingSubjects.voucherApplicationCreate, { actor, data });
  }

  @Get('voucher-applications')
  @ApiOperation({ summary: 'Voucher applications: an applicant’s own institution’s, a bureau’s region’s queue (filters state, programmeId)' })
  @ApiOkResponse({ type: pageOf(VoucherApplicationView) })
  @ApiErrors(400)
  applications(@CurrentActor() actor: Actor, @Query() data: VoucherApplicationQuery): Promise<Page<VoucherApplicationView>> {
    return this.services.billing.request(BillingSubjects.voucherApplicationList, { actor, data });
  }

  @Get('voucher-applications/:id')
  @ApiOperation({ summary: 'One voucher application' })
  @ApiOkResponse({ type: VoucherApplicationView })
  @ApiErrors(403, 404)
  application(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<VoucherApplicationView> {
    return this.services.billing.request(BillingSubjects.voucherApplicationGet, { actor, id });
  }

  @Post('voucher-applications/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve an application and issue its voucher (the programme’s bureau); 422 names the budget or cap and what is left, 409 if already decided' })
  @ApiOkResponse({ type: VoucherApplicationView })
  @ApiErrors(400, 403, 404, 409, 422)
  approve(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: ApproveVoucherApplicationDto): Promise<VoucherApplicationView> {
    return this.services.billing.request(BillingSubjects.voucherApplicationApprove, { actor, id, data });
  }

  @Post('voucher-applications/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject an application with a reason (the programme’s bureau); 409 if already decided' })
  @ApiOkResponse({ type: VoucherApplicationView })
  @ApiErrors(400, 403, 404, 409)
  reject(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: RejectVoucherApplicationDto): Promise<VoucherApplicationView> {
    return this.services.billing.request(BillingSubjects.voucherApplicationReject, { actor, id, data });
  }
}
