import { ApiProperty } from '@nestjs/swagger';
import type { HealthReply } from '@yixiang/contracts';

export class HealthLiveView {
  @ApiProperty({ example: 'ok' }) status!: string;
  @ApiProperty({ example: 'gateway' }) service!: string;
}

export class HealthReadyView {
  @ApiProperty({ enum: ['ok', 'not-ready'] }) status!: string;
  @ApiProperty({ example: 'gateway' }) service!: string;
  @ApiProperty({ type: [String], description: 'the checks that failed, by name' }) failing!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'each check: { ok, error?, ms? }', example: { nats: { ok: true, ms: 1 } } })
  checks!: Record<string, { ok: boolean; error?: string; ms?: number }>;
}

/** Services whose health reply says their database lacks a migration of theirs. */
export function schemaBehind(services: Record<string, HealthReply | { checks: Record<string, unknown> }>): string[] {
  return Object.entries(services).filter(([, r]) => (r.checks as Record<string, { ok?: boolean } | undefined>).schema?.ok === false).map(([name]) => name);
}
