import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { ErrorBody, ErrorCode, FieldError } from '@yixiang/contracts';
import { InputValidationPipe } from '../validation/input-validation-pipe';

/** Throws the shared error body from inside a service; the gateway maps `code` to HTTP. */
export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  const body: ErrorBody = details ? { code, message, details } : { code, message };
  throw new RpcException(body);
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    // class-validator's own English messages name the nested path oddly ("each value in x must…"): the
    // field's full name replaces what comes before "must". A message of ours that starts in Chinese is kept whole.
    for (const reason of Object.values(e.constraints ?? {})) out.push({ field, reason: reason.replace(/^[ -~]*?\b(must|should)\b/, `${field} $1`) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function validationMessage(fields: FieldError[]): string {
  const names = [...new Set(fields.map((f) => f.field))];
  return `invalid ${names.join(', ')}: ${fields.map((f) => f.reason).join('; ')}`;
}

/** Validation at the microservice boundary: same rules as HTTP, errors as RpcException. */
export function rpcValidationPipe(): ValidationPipe {
  return new InputValidationPipe(
    { whitelist: true, forbidNonWhitelisted: true, transform: true },
    (fields) => new RpcException({ code: 'VALIDATION_FAILED', message: validationMessage(fields), details: { fields } } satisfies ErrorBody),
    flattenValidationErrors,
  );
}
