import type { ErrorCode, Said, SaidErrorBody } from '@yixiang/contracts';
import { inLanguage } from '@yixiang/domain';

/**
 * An error the gateway itself raises, in the same shape the services use: the message in both
 * languages (`said('中文…', 'English…')`), written in the asker's by the ErrorFilter.
 */
export class ApiError extends Error {
  readonly body: SaidErrorBody;
  constructor(code: ErrorCode, message: Said, details?: Record<string, unknown>) {
    super(inLanguage(message, 'en'));
    this.body = details ? { code, message, details } : { code, message };
  }
}
