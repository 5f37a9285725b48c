import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './rpc-error';

const error = (property: string, reason: string): ValidationError => ({ property, constraints: { rule: reason }, children: [] });

describe('flattenValidationErrors', () => {
  it('names the field in class-validator’s English messages', () => {
    expect(flattenValidationErrors([error('regions', 'each value in regions must be a string')])).toEqual([{ field: 'regions', reason: 'regions must be a string' }]);
  });

  it('keeps a message that starts in Chinese whole (the Chinese part was cut off before)', () => {
    const reason = '地区应为地区代码或名称，如 CQ、重庆 / region must be a region code or name, e.g. CQ or 重庆';
    expect(flattenValidationErrors([error('region', reason)])).toEqual([{ field: 'region', reason }]);
  });
});
