import { ApiProperty } from '@nestjs/swagger';

export interface FieldError {
  field: string;
  reason: string;
}

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  RATE_CARD_OVERLAP: 409,
  BOOKING_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  IMMUTABLE: 409,
  RULE_VIOLATION: 422,
  /** Issue 19: the user's booking of the institution's instruments is suspended after repeated no-shows. */
  BOOKING_SUSPENDED: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The error body shared by HTTP responses and NATS replies: services throw it inside an
 * RpcException, the gateway maps `code` to an HTTP status. One table, so both sides agree.
 */
export class ErrorBody {
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), example: 'VALIDATION_FAILED' }) code!: ErrorCode;
  @ApiProperty({ example: 'period must be YYYY-MM' }) message!: string;
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: 'e.g. fields: [{ field, reason }] for a 400, rules for a 422' })
  details?: Record<string, unknown>;
}

/** What every HTTP error reply carries: `{ error: { code, message, details? } }` (ErrorFilter). */
export class ErrorResponse {
  @ApiProperty({ type: ErrorBody }) error!: ErrorBody;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    (value as ErrorBody).code in ERROR_STATUS &&
    typeof (value as ErrorBody).message === 'string'
  );
}
