import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min, ValidateNested, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors, validationMessage } from './rpc-error';

class Card {
  @IsInt() @Min(0) externalPriceFen!: number;
}

class Policy {
  @IsInt() @Min(0) @Max(10000) coverBps!: number;
  @IsInt() @Min(0) originalValueFen!: number;
  @IsIn(['open', 'internal']) sharingStatus!: string;
  @IsUUID() instrumentId!: string;
  @ValidateNested({ each: true }) @Type(() => Card) cards!: Card[];
}

/** What the platform's pipes get from class-validator (targets kept so the bounds can be read). */
async function refusal(body: object) {
  const errors = await validate(plainToInstance(Policy, body), { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true, value: true } });
  return flattenValidationErrors(errors as ValidationError[]);
}

const good = { coverBps: 5000, originalValueFen: 100, sharingStatus: 'open', instrumentId: '7a6c1f2e-1d7e-4b6e-9a3c-2f1e0d9c8b7a', cards: [{ externalPriceFen: 1 }] };

describe('flattenValidationErrors', () => {
  it('names each field by its label with the bound in the field’s unit, in both languages', async () => {
    expect(await refusal({ ...good, coverBps: 20000, originalValueFen: -1 })).toEqual([
      { field: 'coverBps', reason: { zh: '补贴比例（%）不能大于 100%', en: 'share covered (%) must not be greater than 100%' } },
      { field: 'originalValueFen', reason: { zh: '原值（元）不能小于 0.00 元', en: 'original value (yuan) must not be less than 0.00 yuan' } },
    ]);
  });

  it('names a nested list element as people count (第 3 张价目卡)', async () => {
    const cards = [{ externalPriceFen: 1 }, { externalPriceFen: 1 }, { externalPriceFen: -5 }];
    expect(await refusal({ ...good, cards })).toEqual([
      { field: 'cards[2].externalPriceFen', reason: { zh: '第 3 张价目卡的对外价格（元）不能小于 0.00 元', en: 'external price (yuan) of rate card 3 must not be less than 0.00 yuan' } },
    ]);
  });

  it('says isIn, isUUID and a field that should not exist in Chinese', async () => {
    const fields = await refusal({ ...good, sharingStatus: 'x', instrumentId: 'nope', colour: 'red' });
    expect(fields.map((f) => f.reason)).toEqual([
      { zh: '不接受字段“colour”', en: 'the field colour is not accepted (property colour should not exist)' },
      { zh: '共享状态必须是以下之一：open、internal', en: 'sharing status must be one of: open, internal' },
      { zh: '仪器必须是有效的编号（UUID）', en: 'instrument must be a UUID' },
    ]);
  });

  it('keeps a decorator message of ours that already says it in Chinese, split from its English', () => {
    const reason = '地区应为地区代码或名称，如 CQ、重庆 / region must be a region code or name, e.g. CQ or 重庆';
    const error: ValidationError = { property: 'region', constraints: { matches: reason }, children: [] };
    expect(flattenValidationErrors([error])).toEqual([{ field: 'region', reason: { zh: '地区应为地区代码或名称，如 CQ、重庆', en: 'region must be a region code or name, e.g. CQ or 重庆' } }]);
  });

  it('sums the fields up in one message', async () => {
    expect(validationMessage(await refusal({ ...good, originalValueFen: -1 }))).toEqual({
      zh: '输入有误：原值（元）不能小于 0.00 元', en: 'invalid input: original value (yuan) must not be less than 0.00 yuan',
    });
  });
});
