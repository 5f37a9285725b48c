import { ApiProperty } from '@nestjs/swagger';
import { isSaid, type Text } from '@yixiang/domain';

export type { Language, Said, Text } from '@yixiang/domain';

/** A field's problem; the reason in both languages until the gateway writes the reply (then a string). */
export interface FieldError {
  field: string;
  reason: Text;
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
  @ApiProperty({ example: '月份必须是 YYYY-MM 格式', description: 'In the language Accept-Language prefers: Chinese by default, English for en' }) message!: string;
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: 'e.g. fields: [{ field, reason }] for a 400, rules for a 422' })
  details?: Record<string, unknown>;
}

/**
 * The error body as services throw it and NATS carries it: `message` (and any reason in `details`)
 * still in both languages. The gateway's ErrorFilter writes it as an ErrorBody in the language the
 * request's Accept-Language prefers (Chinese by default).
 */
export interface SaidErrorBody {
  code: ErrorCode;
  message: Text;
  details?: Record<string, unknown>;
}

/** What every HTTP error reply carries: `{ error: { code, message, details? } }` (ErrorFilter). */
export class ErrorResponse {
  @ApiProperty({ type: ErrorBody }) error!: ErrorBody;
}

export function isErrorBody(value: unknown): value is SaidErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SaidErrorBody).code === 'string' &&
    (value as SaidErrorBody).code in ERROR_STATUS &&
    (typeof (value as SaidErrorBody).message === 'string' || isSaid((value as SaidErrorBody).message))
  );
}
