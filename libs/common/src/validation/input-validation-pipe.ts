import { ArgumentMetadata, ValidationPipeOptions } from '@nestjs/common';
import type { FieldError } from '@yixiang/contracts';
import { findBadInput } from '@yixiang/domain';
import { PlannedValidationPipe } from './planned-validation-pipe';

/**
 * Strings no field may hold (NUL, lone surrogates) and values nested deeper than any DTO, in
 * whatever a handler takes from the body, the query or the path, named as validation names fields.
 * Handlers that take a raw value (a policy document, a rate card list, a path id) have no DTO to
 * refuse them, so this runs for every argument, before any DTO is looked at.
 */
export function badInputFields(value: unknown, metadata: ArgumentMetadata): FieldError[] {
  if (metadata.type === 'custom') return [];
  return findBadInput(value, metadata.data ?? '');
}

/**
 * The platform's validation pipe (HTTP and NATS alike): the checks of badInputFields, then the
 * DTO's own constraints through PlannedValidationPipe (its fast path unchanged: a walk over a
 * booking's eight strings costs well under a microsecond).
 */
export class InputValidationPipe extends PlannedValidationPipe {
  constructor(
    options: Omit<ValidationPipeOptions, 'exceptionFactory'>,
    private readonly invalid: (fields: FieldError[]) => Error,
    flatten: (errors: Parameters<NonNullable<ValidationPipeOptions['exceptionFactory']>>[0]) => FieldError[],
  ) {
    super({ ...options, exceptionFactory: (errors) => invalid(flatten(errors)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const bad = badInputFields(value, metadata);
    if (bad.length > 0) throw this.invalid(bad);
    return super.transform(value, metadata);
  }
}
