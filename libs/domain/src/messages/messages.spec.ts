import fc from 'fast-check';
import { fieldLabel, propertyOf, unitOfProperty } from './labels';
import { fromLegacy, hasChinese, isSaid, languageOf, localize, noSuch, said } from './said';
import { constraintMessage, validationSummary } from './validation';
import { beijingInstantText, durationText, percentText, valueText } from './values';

describe('the language a request asks for', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5,zh;q=0.9', 'zh'],
    ['fr-FR,en;q=0.7', 'en'],
    ['fr-FR', 'zh'],
    ['de, zh-TW;q=0.2', 'zh'],
    ['en;q=0', 'zh'],
    [['en-GB'], 'en'],
    ['garbage;;;q=x', 'zh'],
  ] as const)('%j → %s', (header, expected) => {
    expect(languageOf(header as string | string[] | undefined)).toBe(expected);
  });

  it('is always one of ours, whatever the header', () => {
    fc.assert(fc.property(fc.string(), (header) => ['zh', 'en'].includes(languageOf(header))));
  });
});

describe('localize', () => {
  const body = { code: 'NOT_FOUND', message: said('预约不存在', 'no such booking'), details: { fields: [{ field: 'x', reason: said('必须填写', 'required') }], n: 3, at: null } };

  it.each([
    ['zh', { code: 'NOT_FOUND', message: '预约不存在', details: { fields: [{ field: 'x', reason: '必须填写' }], n: 3, at: null } }],
    ['en', { code: 'NOT_FOUND', message: 'no such booking', details: { fields: [{ field: 'x', reason: 'required' }], n: 3, at: null } }],
  ] as const)('writes every Said in %s', (language, expected) => {
    expect(localize(body, language)).toEqual(expected);
  });

  it('leaves what has no Said untouched (the same object) and never takes a record for one', () => {
    const plain = { zh: '中文', en: 'English', extra: 1 };
    expect(localize(plain, 'en')).toBe(plain);
    expect(isSaid(plain)).toBe(false);
    expect(isSaid(said('甲', 'a'))).toBe(true);
  });

  it('leaves no Said behind in any language', () => {
    const text = fc.string();
    const saidArb = fc.record({ zh: text, en: text });
    const tree = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, saidArb, text, fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })) })).node;
    fc.assert(fc.property(tree, fc.constantFrom('zh' as const, 'en' as const), (value, language) => {
      const out = JSON.stringify(localize(value, language), (_k, v: unknown) => (isSaid(v) ? '!!SAID!!' : v));
      return out === undefined || !out.includes('!!SAID!!');
    }));
  });
});

describe('field labels', () => {
  it.each([
    ['originalValueFen', '原值（元）', 'original value (yuan)'],
    ['coverBps', '补贴比例（%）', 'share covered (%)'],
    ['cards[2].externalPriceFen', '第 3 张价目卡的对外价格（元）', 'external price (yuan) of rate card 3'],
    ['weekly[0].start', '第 1 个开放时段的开始时间', 'start of opening range 1'],
    ['bookingRules.leadMinutes', '预约规则的提前预约时间', 'booking lead time of booking rules'],
    ['contacts[1].phone', 'contacts第 2 项的电话', 'phone of item 2 of contacts'],
    ['somethingNewFen', 'somethingNewFen（元）', 'somethingNewFen (yuan)'],
    ['mystery', 'mystery', 'mystery'],
  ])('%s → %s / %s', (path, zh, en) => {
    expect(fieldLabel(path)).toEqual({ zh, en });
  });

  it.each([
    ['cards[2].externalPriceFen', 'externalPriceFen', 'fen'],
    ['coverBps', 'coverBps', 'bps'],
    ['rules.slotMinutes', 'slotMinutes', 'minutes'],
    ['checkedInAt', 'checkedInAt', 'instant'],
    ['name', 'name', undefined],
  ])('%s names %s, in %s', (path, property, unit) => {
    expect(propertyOf(path)).toBe(property);
    expect(unitOfProperty(property)).toBe(unit);
  });
});

describe('values in the user’s units', () => {
  it.each([
    [10000, 'fen', '100.00 元', '100.00 yuan'],
    [0, 'fen', '0.00 元', '0.00 yuan'],
    [123456789, 'fen', '1,234,567.89 元', '1,234,567.89 yuan'],
    [10000, 'bps', '100%', '100%'],
    [1250, 'bps', '12.5%', '12.5%'],
    [45, 'minutes', '45 分钟', '45 minutes'],
    [1440, 'minutes', '24 小时', '24 hours'],
    [90, 'minutes', '1 小时 30 分钟', '1 h 30 min'],
    ['2026-12-02T01:00:00Z', 'instant', '2026-12-02 09:00（北京时间）', '2026-12-02 09:00 Beijing time'],
    ['2026-12-02T09:00:00+08:00', 'instant', '2026-12-02 09:00（北京时间）', '2026-12-02 09:00 Beijing time'],
    ['abc', 'instant', 'abc', 'abc'],
    [7, undefined, '7', '7'],
  ] as const)('%j as %s → %s', (value, unit, zh, en) => {
    expect(valueText(value, unit)).toEqual({ zh, en });
  });

  it('writes any whole number of fen exactly, with two decimals', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => {
      const zh = valueText(fen, 'fen').zh;
      return Number(zh.replace(/[, 元]/g, '')) * 100 === fen || Math.round(Number(zh.replace(/[, 元]/g, '')) * 100) === fen;
    }));
  });

  it('percent, duration and Beijing time helpers agree with the table', () => {
    expect(percentText(5)).toBe('0.05');
    expect(durationText(60)).toEqual({ zh: '1 小时', en: '1 hour' });
    expect(beijingInstantText(new Date('2026-12-01T16:30:00Z'))).toEqual({ zh: '2026-12-02 00:30（北京时间）', en: '2026-12-02 00:30 Beijing time' });
    expect(beijingInstantText('not a time')).toBeNull();
  });
});

describe('validation messages by constraint kind', () => {
  it.each([
    [{ field: 'originalValueFen', kind: 'min', args: [0] }, '原值（元）不能小于 0.00 元', 'original value (yuan) must not be less than 0.00 yuan'],
    [{ field: 'coverBps', kind: 'max', args: [10000] }, '补贴比例（%）不能大于 100%', 'share covered (%) must not be greater than 100%'],
    [{ field: 'cards[2].externalPriceFen', kind: 'min', args: [0] }, '第 3 张价目卡的对外价格（元）不能小于 0.00 元', 'external price (yuan) of rate card 3 must not be less than 0.00 yuan'],
    [{ field: 'cancelDeadlineMinutes', kind: 'max', args: [10080] }, '取消截止时间不能大于 168 小时', 'cancellation deadline must not be greater than 168 hours'],
    [{ field: 'slotMinutes', kind: 'isInt' }, '时段长度必须是整数', 'slot length must be a whole number'],
    [{ field: 'sharingStatus', kind: 'isIn', args: [['open', 'internal']] }, '共享状态必须是以下之一：open、internal', 'sharing status must be one of: open, internal'],
    [{ field: 'code', kind: 'matches', args: [/x/] }, '编号格式不正确', 'code is not in the expected format'],
    [{ field: 'instrumentId', kind: 'isUuid', args: ['4'] }, '仪器必须是有效的编号（UUID）', 'instrument must be a UUID'],
    [{ field: 'name', kind: 'isNotEmpty' }, '名称不能为空', 'name must not be empty'],
    [{ field: 'name', kind: 'maxLength', args: [200] }, '名称最多 200 个字符', 'name must be at most 200 characters long'],
    [{ field: 'name', kind: 'isLength', args: [1, 64] }, '名称长度必须在 1–64 个字符之间', 'name must be 1–64 characters long'],
    [{ field: 'start', kind: 'isInstant' }, '开始时间必须是带时区的时刻，例如 2026-12-01T09:00:00+08:00', 'start must be an instant with an offset, e.g. 2026-12-01T09:00:00+08:00'],
    [{ field: 'start', kind: 'isIso8601' }, '开始时间必须是带时区的时刻，例如 2026-12-01T09:00:00+08:00', 'start must be an instant with an offset, e.g. 2026-12-01T09:00:00+08:00'],
    [{ field: 'colour', kind: 'whitelistValidation' }, '不接受字段“colour”', 'the field colour is not accepted (property colour should not exist)'],
    [{ field: 'mystery', kind: 'someNewRule' }, 'mystery不符合要求（someNewRule）', 'mystery is not valid (someNewRule)'],
  ])('%j', (failed, zh, en) => {
    expect(constraintMessage(failed)).toEqual({ zh, en });
  });

  it('says every kind in Chinese, known or not, for any field', () => {
    const kinds = fc.constantFrom('isInt', 'min', 'max', 'isIn', 'matches', 'isUUID', 'isNotEmpty', 'maxLength', 'isISO8601', 'whitelistValidation', 'isBoolean', 'arrayMaxSize', 'x');
    fc.assert(fc.property(fc.string({ minLength: 1 }), kinds, fc.array(fc.integer(), { maxLength: 2 }), (field, kind, args) =>
      hasChinese(constraintMessage({ field, kind, args }).zh)));
  });

  it('sums up the fields of a refused request', () => {
    expect(validationSummary([said('甲不能为空', 'a must not be empty'), said('乙必须是整数', 'b must be a whole number')]))
      .toEqual({ zh: '输入有误：甲不能为空；乙必须是整数', en: 'invalid input: a must not be empty; b must be a whole number' });
  });
});

describe('the common refusals and older texts', () => {
  it.each([
    [noSuch('预约', 'booking', 'B-1'), '预约 B-1 不存在', 'booking B-1 does not exist'],
    [fromLegacy('上传的数据包已过期，请重新上传 / the uploaded bundle has expired', '?'), '上传的数据包已过期，请重新上传', 'the uploaded bundle has expired'],
    [fromLegacy('压缩比超过上限 200:1（疑似压缩炸弹）/ expands more than 200 times', '?'), '压缩比超过上限 200:1（疑似压缩炸弹）', 'expands more than 200 times'],
    [fromLegacy('地区应为地区代码或名称，如 CQ、重庆 / region must be a code or name, e.g. CQ or 重庆', '?'), '地区应为地区代码或名称，如 CQ、重庆', 'region must be a code or name, e.g. CQ or 重庆'],
    [fromLegacy('not a readable zip', '数据包无法读取'), '数据包无法读取', 'not a readable zip'],
  ])('%j', (text, zh, en) => {
    expect(text).toEqual({ zh, en });
  });
});
