import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';
import { UUID_PATTERN, CODE_PATTERN } from '@yixiang/domain';

/** Path references are ids or exchange codes; anything else is a 404 before it reaches a service. */
@Injectable()
export class RefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID_PATTERN.test(value) || CODE_PATTERN.test(value)) return value;
    throw new ApiError('NOT_FOUND', `nothing is called ${JSON.stringify(value.slice(0, 80))}`);
  }
}

@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID_PATTERN.test(value)) return value.toLowerCase();
    throw new ApiError('NOT_FOUND', `${JSON.stringify(value.slice(0, 80))} is not an id`);
  }
}
