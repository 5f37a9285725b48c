import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';
import { UUID_PATTERN, CODE_PATTERN, said } from '@yixiang/domain';

/** Path references are ids or exchange codes; anything else is a 404 before it reaches a service. */
@Injectable()
export class RefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID_PATTERN.test(value) || CODE_PATTERN.test(value)) return value;
    throw new ApiError('NOT_FOUND', said(`没有名为 ${JSON.stringify(value.slice(0, 80))} 的记录`, `nothing is called ${JSON.stringify(value.slice(0, 80))}`));
  }
}

@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID_PATTERN.test(value)) return value.toLowerCase();
    throw new ApiError('NOT_FOUND', said(`${JSON.stringify(value.slice(0, 80))} 不是有效的编号`, `${JSON.stringify(value.slice(0, 80))} is not an id`));
  }
}
