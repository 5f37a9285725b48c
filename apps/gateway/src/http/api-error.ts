import type { ErrorBody, ErrorCode } from '@yixiang/contracts';

/** An error the gateway itself raises, in the same shape the services use. */
export class ApiError extends Error {
  readonly body: ErrorBody;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.body = details ? { code, message, details } : { code, message };
  }
}
