import { Injectable } from '@nestjs/common';
import type { SignedTerminalRequest } from '@yixiang/contracts';
import { fail } from '@yixiang/common';
import { nonceExpiresAt, said, terminalSignatureProblem, UUID_PATTERN, type Said, type TerminalSignatureProblem } from '@yixiang/domain';
import { TerminalRow, TerminalsRepository } from './terminals.repository';

const REFUSED: Record<TerminalSignatureProblem | 'unknown' | 'replay', Said> = {
  unknown: said('终端未登记或其凭证已撤销', 'the terminal is not registered or its credential was revoked'),
  malformed: said('终端签名请求格式不正确：需要 X-Terminal-Id、X-Terminal-Timestamp（Unix 秒）、X-Terminal-Nonce（16–64 个字母、数字、_ 或 -）和 X-Terminal-Signature（64 位十六进制）',
    'the signed request is malformed: it needs X-Terminal-Id, X-Terminal-Timestamp (Unix seconds), X-Terminal-Nonce (16–64 letters, digits, _ or -) and X-Terminal-Signature (64 hex digits)'),
  'clock-skew': said('请求时间戳与平台时钟相差超过 300 秒（过期的请求或终端时钟不准），已拒绝', 'the request’s timestamp is more than 300 s from the platform’s clock (a stale request, or the terminal’s clock is wrong): refused'),
  'bad-signature': said('终端签名不正确，已拒绝', 'the terminal signature does not match: refused'),
  replay: said('该签名请求已经用过（随机数重复），视为重放，已拒绝', 'this signed request was already used (its nonce repeats): refused as a replay'),
};

/**
 * Who a signed terminal request comes from. Order matters: the signature and clock are checked
 * before the nonce is remembered, so a forged or stale request cannot use up a nonce; the nonce
 * is remembered before the report is applied, so a replay is refused however fast it follows.
 */
@Injectable()
export class TerminalAuth {
  constructor(private readonly repository: TerminalsRepository) {}

  async verify(signed: SignedTerminalRequest, now = new Date()): Promise<TerminalRow> {
    const terminal = UUID_PATTERN.test(signed.terminalId) ? await this.repository.terminal(signed.terminalId.toLowerCase()) : null;
    if (!terminal || terminal.revoked_at) refuse('unknown');
    const parts = { method: signed.method, path: signed.path, timestamp: signed.timestamp, nonce: signed.nonce, body: signed.body };
    const problem = terminalSignatureProblem(terminal.credential_sha256, parts, signed.signature, Math.floor(now.getTime() / 1000));
    if (problem) refuse(problem);
    if (!(await this.repository.rememberNonce(terminal.id, signed.nonce, new Date(nonceExpiresAt(signed.timestamp) * 1000)))) refuse('replay');
    return terminal;
  }
}

function refuse(problem: keyof typeof REFUSED): never {
  const message: Said = REFUSED[problem];
  fail('UNAUTHENTICATED', message, { problem });
}
