import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { getMetadataStorage } from 'class-validator';
import type { ErrorCode, FieldError, SaidErrorBody } from '@yixiang/contracts';
import { constraintMessage, fromLegacy, hasChinese, inLanguage, type Said, said, validationSummary } from '@yixiang/domain';
import { InputValidationPipe } from '../validation/input-validation-pipe';

/**
 * Throws the shared error body from inside a service; the gateway maps `code` to HTTP and picks
 * the message's language. `message` is `said('中文…', 'English…')` (a spec refuses a call without Chinese).
 */
export function fail(code: ErrorCode, message: Said, details?: Record<string, unknown>): never {
  const body: SaidErrorBody = details ? { code, message, details } : { code, message };
  throw new RpcException(body);
}

/**
 * The arguments of the constraint `kind` on `target`'s `property` (Min(0) → [0]): read from
 * class-validator's metadata, since a ValidationError carries only the English message.
 */
function constraintArgs(target: unknown, property: string, kind: string): unknown[] | undefined {
  const type = typeof target === 'object' && target !== null ? (target as object).constructor : undefined;
  if (!type || type === Object) return undefined;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(type, undefined as unknown as string, true, false, undefined);
  const found = metadatas.find((m) => m.propertyName === property && (m.name === kind || m.type === kind));
  return found?.constraints as unknown[] | undefined;
}

function reasonFor(e: ValidationError, field: string, kind: string): Said {
  // Ours that already say it in Chinese (a message given to the decorator, "中文 / English") are kept.
  const given = e.constraints?.[kind] ?? '';
  if (hasChinese(given)) return fromLegacy(given, given);
  return constraintMessage({ field, kind, args: constraintArgs(e.target, e.property, kind) });
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    // By the constraint's kind (isInt, min, …) with its arguments, in both languages: class-validator's
    // English text names the nested path oddly and the value in the wrong unit.
    for (const kind of Object.keys(e.constraints ?? {})) out.push({ field, reason: reasonFor(e, field, kind) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function validationMessage(fields: FieldError[]): Said {
  return validationSummary(fields.map((f) => (typeof f.reason === 'string' ? said(f.reason, f.reason) : f.reason)));
}

/** A field reason in one language (for logs and the few places that compare reasons). */
export function reasonText(field: FieldError, language: 'zh' | 'en' = 'en'): string {
  return inLanguage(field.reason, language);
}

/** Validation at the microservice boundary: same rules as HTTP, errors as RpcException. */
export function rpcValidationPipe(): ValidationPipe {
  return new InputValidationPipe(
    // The errors' targets are kept so each constraint's arguments can be read (they are never sent).
    { whitelist: true, forbidNonWhitelisted: true, transform: true, validationError: { target: true, value: true } },
    (fields) => new RpcException({ code: 'VALIDATION_FAILED', message: validationMessage(fields), details: { fields } } satisfies SaidErrorBody),
    flattenValidationErrors,
  );
}
