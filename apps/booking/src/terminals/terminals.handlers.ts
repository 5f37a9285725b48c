import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Actor, BookingSubjects, ConfirmTerminalSessionDto, RegisterTerminalDto, RejectTerminalSessionDto, SignedTerminalRequest, TerminalBatchDto, TerminalListQuery,
  TerminalSessionEventDto, TerminalSessionListQuery,
} from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { TerminalSessionsService } from './terminal-sessions.service';
import { TerminalsService } from './terminals.service';

/** Issue 20: terminals (the institution's side), their signed session reports, and the unbooked uses they leave. */
@Controller()
export class TerminalsHandlers {
  constructor(
    private readonly terminals: TerminalsService,
    private readonly sessions: TerminalSessionsService,
  ) {}

  @Handles(BookingSubjects.terminalRegister)
  register(@Payload('actor') actor: Actor | null, @Payload('data') data: RegisterTerminalDto) {
    return this.terminals.register(actor, data);
  }

  @Handles(BookingSubjects.terminalList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: TerminalListQuery) {
    return this.terminals.list(actor, data);
  }

  @Handles(BookingSubjects.terminalRevoke)
  revoke(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.terminals.revoke(actor, id);
  }

  @Handles(BookingSubjects.terminalSessionStart)
  start(@Payload('signed') signed: SignedTerminalRequest, @Payload('data') data: TerminalSessionEventDto) {
    return this.sessions.start(signed, data);
  }

  @Handles(BookingSubjects.terminalSessionHeartbeat)
  heartbeat(@Payload('signed') signed: SignedTerminalRequest, @Payload('data') data: TerminalSessionEventDto) {
    return this.sessions.heartbeat(signed, data);
  }

  @Handles(BookingSubjects.terminalSessionStop)
  stop(@Payload('signed') signed: SignedTerminalRequest, @Payload('data') data: TerminalSessionEventDto) {
    return this.sessions.stop(signed, data);
  }

  @Handles(BookingSubjects.terminalSessionBatch)
  batch(@Payload('signed') signed: SignedTerminalRequest, @Payload('data') data: TerminalBatchDto) {
    return this.sessions.batch(signed, data);
  }

  @Handles(BookingSubjects.terminalSessionList)
  listSessions(@Payload('actor') actor: Actor | null, @Payload('data') data: TerminalSessionListQuery) {
    return this.sessions.list(actor, data);
  }

  @Handles(BookingSubjects.terminalSessionConfirm)
  confirm(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: ConfirmTerminalSessionDto) {
    return this.sessions.confirm(actor, id, data);
  }

  @Handles(BookingSubjects.terminalSessionReject)
  reject(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: RejectTerminalSessionDto) {
    return this.sessions.reject(actor, id, data);
  }
}
