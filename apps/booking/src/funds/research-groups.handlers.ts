import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Actor, AddGroupMemberDto, BookingSubjects, CreateFundAccountDto, CreateResearchGroupDto, PiDecisionDto, ResearchGroupQuery, UpdateFundAccountDto,
} from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { ResearchGroupsService } from './research-groups.service';
import { PiApprovalsService } from './pi-approvals.service';

@Controller()
export class ResearchGroupsHandlers {
  constructor(private readonly groups: ResearchGroupsService, private readonly piApprovals: PiApprovalsService) {}

  @Handles(BookingSubjects.groupCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateResearchGroupDto) {
    return this.groups.create(actor, data);
  }

  @Handles(BookingSubjects.groupList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: ResearchGroupQuery) {
    return this.groups.list(actor, data);
  }

  @Handles(BookingSubjects.groupGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.groups.get(actor, id);
  }

  @Handles(BookingSubjects.groupMemberAdd)
  addMember(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: AddGroupMemberDto) {
    return this.groups.addMember(actor, id, data);
  }

  @Handles(BookingSubjects.groupMemberRemove)
  removeMember(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('userId') userId: string) {
    return this.groups.removeMember(actor, id, userId);
  }

  @Handles(BookingSubjects.fundAccountCreate)
  createAccount(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: CreateFundAccountDto) {
    return this.groups.createAccount(actor, id, data);
  }

  @Handles(BookingSubjects.fundAccountList)
  listAccounts(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.groups.listAccounts(actor, id);
  }

  @Handles(BookingSubjects.fundAccountUpdate)
  updateAccount(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: UpdateFundAccountDto) {
    return this.groups.updateAccount(actor, id, data);
  }

  @Handles(BookingSubjects.groupPiApprovals)
  waitingForPi(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.piApprovals.waiting(actor, id);
  }

  @Handles(BookingSubjects.bookingPiDecide)
  decideAsPi(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('decision') decision: 'approve' | 'reject', @Payload('data') data: PiDecisionDto) {
    return this.piApprovals.decide(actor, id, decision, data);
  }
}
