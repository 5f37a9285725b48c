import { Body, Controller, HttpCode, Post, Req, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  AnySubject, BookingSubjects, PayloadOf, ReplyOf, SignedTerminalRequest, TerminalBatchDto, TerminalBatchReply, TerminalSessionEventDto, TerminalSessionView,
} from '@yixiang/contracts';
import { IS_PUBLIC } from '../auth/actor.decorator';
import { ApiError } from '../http/api-error';
import { Services } from '../http/services';
import { ApiErrors } from '../http/api-docs';
import { RequestLanguage } from '../http/language.decorator';
import { type Language, localize, said } from '@yixiang/domain';

export const TERMINAL_SECURITY = 'terminal';

const MALFORMED = said('终端请求须带 X-Terminal-Id、X-Terminal-Timestamp（Unix 秒）、X-Terminal-Nonce 和 X-Terminal-Signature 四个请求头',
  'a terminal request needs the headers X-Terminal-Id, X-Terminal-Timestamp (Unix seconds), X-Terminal-Nonce and X-Terminal-Signature');

type Signed = RawBodyRequest<FastifyRequest>;

/**
 * The terminal API (issue 20): no bearer token; each request is signed with the terminal's
 * credential over method, path, timestamp, nonce and the SHA-256 of the body exactly as sent
 * (hence the raw body). The booking service verifies the signature, the clock and the nonce.
 * The body is validated first (a bad body is a 400 whoever sends it; nothing is stored).
 */
@ApiTags('terminal')
@ApiSecurity(TERMINAL_SECURITY)
@ApiHeader({ name: 'X-Terminal-Id', required: true, description: 'the terminal’s id (from POST /terminals)' })
@ApiHeader({ name: 'X-Terminal-Timestamp', required: true, description: 'Unix seconds; refused more than 300 s from the platform’s clock' })
@ApiHeader({ name: 'X-Terminal-Nonce', required: true, description: '16–64 letters, digits, _ or -; never twice' })
@ApiHeader({ name: 'X-Terminal-Signature', required: true, description: 'hex HMAC-SHA256, keyed by SHA-256 of the credential, of METHOD\\npath\\ntimestamp\\nnonce\\nSHA-256(body)' })
@ApiErrors(400, 401, 503)
@SetMetadata(IS_PUBLIC, true)
@Controller('terminal')
export class TerminalApiController {
  constructor(private readonly services: Services) {}

  @Post('sessions/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'A session began (the terminal’s sequence number names it; a resend answers the same)' })
  @ApiOkResponse({ type: TerminalSessionView })
  @ApiErrors(422)
  start(@Req() request: Signed, @Body() data: TerminalSessionEventDto): Promise<TerminalSessionView> {
    return this.call(BookingSubjects.terminalSessionStart, request, data);
  }

  @Post('sessions/heartbeat')
  @HttpCode(200)
  @ApiOperation({ summary: 'The session is still running' })
  @ApiOkResponse({ type: TerminalSessionView })
  @ApiErrors(404, 422)
  heartbeat(@Req() request: Signed, @Body() data: TerminalSessionEventDto): Promise<TerminalSessionView> {
    return this.call(BookingSubjects.terminalSessionHeartbeat, request, data);
  }

  @Post('sessions/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'The session ended: inside a booking it checks the booking in and out (one usage record, source terminal); else an unbooked use for the operator' })
  @ApiOkResponse({ type: TerminalSessionView })
  @ApiErrors(404, 422)
  stop(@Req() request: Signed, @Body() data: TerminalSessionEventDto): Promise<TerminalSessionView> {
    return this.call(BookingSubjects.terminalSessionStop, request, data);
  }

  @Post('sessions/batch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sessions recorded while offline (up to TERMINAL_LATE_DAYS old, flagged late); each accepted or refused on its own' })
  @ApiOkResponse({ type: TerminalBatchReply })
  async batch(@Req() request: Signed, @Body() data: TerminalBatchDto, @RequestLanguage() language: Language): Promise<TerminalBatchReply> {
    return localize(await this.call(BookingSubjects.terminalSessionBatch, request, data), language);
  }

  private call<S extends AnySubject>(subject: S, request: Signed, data: PayloadOf<S> extends { data: infer D } ? D : never): Promise<ReplyOf<S>> {
    return this.services.booking.request(subject, { signed: signedParts(request), data } as PayloadOf<S>);
  }
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw new ApiError('UNAUTHENTICATED', MALFORMED, { problem: 'malformed' });
  return value;
}

/** The parts the terminal signed, as this request carried them. */
function signedParts(request: Signed): SignedTerminalRequest {
  const timestamp = header(request, 'x-terminal-timestamp');
  if (!/^\d{1,12}$/.test(timestamp)) throw new ApiError('UNAUTHENTICATED', MALFORMED, { problem: 'malformed' });
  return {
    terminalId: header(request, 'x-terminal-id'), timestamp: Number(timestamp), nonce: header(request, 'x-terminal-nonce'),
    signature: header(request, 'x-terminal-signature'), method: request.method, path: request.url, body: request.rawBody?.toString('utf8') ?? '',
  };
}
