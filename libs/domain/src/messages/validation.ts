import { fieldLabel, propertyOf, unitOfProperty } from './labels';
import { type Said, said } from './said';
import { valueText } from './values';

/** One failed constraint of a field, as class-validator reports it: its kind and its arguments. */
export interface FailedConstraint {
  /** The path of the field: "originalValueFen", "cards[2].externalPriceFen". */
  field: string;
  /** class-validator's constraint name: isInt, min, max, isIn, matches, whitelistValidation, … */
  kind: string;
  /** The decorator's arguments (Min(0) → [0], IsIn([...]) → [[...]], Length(1, 64) → [1, 64]). */
  args?: readonly unknown[];
}

const list = (values: unknown, zhSep: string, enSep: string): Said => {
  const items = Array.isArray(values) ? values.map(String) : [String(values)];
  return said(items.join(zhSep), items.join(enSep));
};

/**
 * Why a field's value is refused, in both languages, the field named by its label and any bound in
 * the field's unit (元, %, minutes or hours, Beijing time). By the constraint's kind, not its
 * English text; a kind not listed here still gets a Chinese sentence.
 */
export function constraintMessage(failed: FailedConstraint): Said {
  const name = fieldLabel(failed.field);
  const unit = unitOfProperty(propertyOf(failed.field));
  const args = failed.args ?? [];
  const bound = (i: number) => valueText(args[i], unit);
  const say = (zh: string, en: string) => said(`${name.zh}${zh}`, `${name.en} ${en}`);
  switch (failed.kind) {
    case 'isInt':
      return unit === 'fen' ? say('必须是以元为单位、最多两位小数的金额（以分计的整数）', 'must be whole fen (yuan with at most two decimals)') : say('必须是整数', 'must be a whole number');
    case 'isNumber': return say('必须是数字', 'must be a number');
    case 'isPositive': return say('必须大于 0', 'must be greater than 0');
    case 'min': { const b = bound(0); return say(`不能小于 ${b.zh}`, `must not be less than ${b.en}`); }
    case 'max': { const b = bound(0); return say(`不能大于 ${b.zh}`, `must not be greater than ${b.en}`); }
    case 'isIn': { const l = list(args[0], '、', ', '); return say(`必须是以下之一：${l.zh}`, `must be one of: ${l.en}`); }
    case 'isEnum': return say('不是可选的值', 'is not one of the allowed values');
    case 'matches': return say('格式不正确', 'is not in the expected format');
    case 'isUuid':
    case 'isUUID': return say('必须是有效的编号（UUID）', 'must be a UUID');
    case 'isString': return say('必须是文本', 'must be text');
    case 'isBoolean': return say('必须是“是”或“否”（true/false）', 'must be true or false');
    case 'isArray': return say('必须是列表', 'must be a list');
    case 'isObject': return say('必须是对象', 'must be an object');
    case 'isTimeZone': return say('必须是有效的时区，如 Asia/Shanghai', 'must be a time zone such as Asia/Shanghai');
    case 'isEmail': return say('必须是有效的电子邮箱地址', 'must be an e-mail address');
    case 'isUrl': return say('必须是有效的网址', 'must be a URL');
    case 'isNotEmpty': return say('不能为空', 'must not be empty');
    case 'isDefined': return say('必须填写', 'is required');
    case 'maxLength': return say(`最多 ${String(args[0])} 个字符`, `must be at most ${String(args[0])} characters long`);
    case 'minLength': return say(`至少 ${String(args[0])} 个字符`, `must be at least ${String(args[0])} characters long`);
    case 'isLength': {
      const [min, max] = args as [number | undefined, number | undefined];
      if (typeof max === 'number' && typeof min === 'number' && min > 0) return say(`长度必须在 ${min}–${max} 个字符之间`, `must be ${min}–${max} characters long`);
      if (typeof max === 'number') return say(`最多 ${max} 个字符`, `must be at most ${max} characters long`);
      return say(`至少 ${String(min)} 个字符`, `must be at least ${String(min)} characters long`);
    }
    case 'arrayMaxSize': return say(`最多 ${String(args[0])} 项`, `must have at most ${String(args[0])} items`);
    case 'arrayMinSize': return say(`至少 ${String(args[0])} 项`, `must have at least ${String(args[0])} items`);
    case 'arrayUnique': return say('不能有重复项', 'must not repeat an item');
    case 'arrayNotEmpty': return say('不能为空列表', 'must not be an empty list');
    case 'isIso8601':
    case 'isISO8601':
    case 'isDateString':
    case 'isInstant': return say('必须是带时区的时刻，例如 2026-12-01T09:00:00+08:00', 'must be an instant with an offset, e.g. 2026-12-01T09:00:00+08:00');
    case 'isCalendarDate': return say('必须是有效日期（YYYY-MM-DD）', 'must be a real calendar day YYYY-MM-DD');
    case 'isDateOrInstant': return say('必须是日期（YYYY-MM-DD，北京时间零点）或带时区的时刻', 'must be a date YYYY-MM-DD (00:00 Beijing time) or an instant with an offset');
    case 'isPeriod': return say('必须是月份（YYYY-MM）', 'must be a month YYYY-MM');
    case 'isWithinUsageSpan': {
      const start = typeof args[0] === 'string' ? fieldLabel(args[0]) : said('开始时间', 'the start');
      return say(`不能晚于${start.zh}后 31 天`, `must be at most 31 days after ${start.en}`);
    }
    case 'whitelistValidation': return said(`不接受字段“${name.zh}”`, `the field ${failed.field} is not accepted (property ${propertyOf(failed.field)} should not exist)`);
    case 'nestedValidation': return say('必须是对象或对象列表', 'must be an object or a list of objects');
    default: return say(`不符合要求（${failed.kind}）`, `is not valid (${failed.kind})`);
  }
}

/** The message of a refused request: the fields' reasons, one after another. */
export function validationSummary(reasons: readonly Said[]): Said {
  if (reasons.length === 0) return said('请求内容无效', 'the request is not valid');
  return said(`输入有误：${reasons.map((r) => r.zh).join('；')}`, `invalid input: ${reasons.map((r) => r.en).join('; ')}`);
}
