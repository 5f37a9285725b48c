import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Path references are ids or exchange codes; anything else is a 404 before it reaches a service. */
@Injectable()
export class RefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID.test(value) || CODE.test(value)) return value;
    throw new ApiError('NOT_FOUND', `nothing is called ${JSON.stringify(value.slice(0, 80))}`);
  }
}

@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID.test(value)) return value.toLowerCase();
    throw new ApiError('NOT_FOUND', `${JSON.stringify(value.slice(0, 80))} is not an id`);
  }
}
