import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiResponse, OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorResponse } from '@yixiang/contracts';

/** The error statuses an operation documents, each with the one error body (ErrorFilter). */
const MEANING = {
  400: 'VALIDATION_FAILED or BAD_REQUEST: every bad field named in details.fields',
  401: 'UNAUTHENTICATED: no token, or one that has ended',
  403: 'FORBIDDEN: the role or institution may not do this',
  404: 'NOT_FOUND',
  409: 'CONFLICT, DUPLICATE, BOOKING_CONFLICT, ILLEGAL_TRANSITION, IMMUTABLE or RATE_CARD_OVERLAP',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'RULE_VIOLATION: the rules broken in details.rules',
  429: 'RATE_LIMITED: Retry-After says when',
  503: 'SERVICE_UNAVAILABLE: a service or store is unreachable; Retry-After says when to retry',
} as const;

export type ErrorStatus = keyof typeof MEANING;

/** `@ApiErrors(400, 404)`: the error replies an operation can give, all `{ error: { code, message, details? } }`. */
export const ApiErrors = (...statuses: ErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, type: ErrorResponse, description: MEANING[status] })));

/**
 * A controller (or operation) for signed-in callers: the bearer token, and the errors every such
 * call can give (401 without a valid token; 503 when the service behind it is down).
 */
export const ApiSignedIn = () => applyDecorators(ApiBearerAuth(), ApiErrors(401, 503));

/** Marks an operation anyone may call; `publicOperations` turns the mark into `security: []`. */
const PUBLIC_EXTENSION = 'x-public';

/**
 * An operation anyone may call (login, health, categories, calendar feeds): `security: []` in the
 * document. Swagger drops an empty security list given as metadata, so the operation is marked
 * here and the mark replaced once the document is built (publicOperations).
 */
export const ApiOpen = () => ApiExtension(PUBLIC_EXTENSION, true);

/** Every marked operation of the document gets `security: []`, overriding the document's bearer requirement. */
export function publicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as (OperationObject & { [PUBLIC_EXTENSION]?: boolean }) | undefined;
      if (!operation?.[PUBLIC_EXTENSION]) continue;
      delete operation[PUBLIC_EXTENSION];
      operation.security = [];
    }
  }
  return document;
}
