import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, InputValidationPipe, validationMessage } from '@yixiang/common';
import { ApiError } from './api-error';

/** HTTP input is validated against the same DTOs the services use; 400 names each bad field. */
export function httpValidationPipe(): ValidationPipe {
  return new InputValidationPipe(
    // The errors' targets are kept so each constraint's arguments can be read (they are never sent).
    { whitelist: true, forbidNonWhitelisted: true, transform: true, validationError: { target: true, value: true } },
    (fields) => new ApiError('VALIDATION_FAILED', validationMessage(fields), { fields }),
    flattenValidationErrors,
  );
}
