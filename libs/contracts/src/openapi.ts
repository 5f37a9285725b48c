import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './pagination';

/**
 * Property decorators for the reply classes (`*View`): one definition of how an instant, a
 * date, an amount of money or a count appears in the OpenAPI document, so the web app's client
 * generated from it gets `string` with a format and `number` as `integer` where the wire has them.
 */
export interface ReplyPropertyOptions {
  description?: string;
  example?: unknown;
  nullable?: boolean;
  required?: boolean;
}

/** A UTC instant as ISO 8601 text (e.g. `2026-06-01T02:00:00.000Z`). */
export const ApiInstant = (options: ReplyPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: String, format: 'date-time', ...options });

/** A calendar date `YYYY-MM-DD` (no time, no zone). */
export const ApiDate = (options: ReplyPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: String, format: 'date', ...options });

/** An amount of money in integer fen (1/100 yuan); always below 2^53 (MAX_FEN), so a JSON number. */
export const ApiFen = (options: ReplyPropertyOptions = {}): PropertyDecorator =>
  ApiProperty({ type: 'integer', description: 'fen (1/100 yuan)', ...options });

/** A whole number: a count, minutes, a year, basis points. */
export const ApiInteger = (options: ReplyPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: 'integer', ...options });

/** Text that may be null (a nullable field without `type` would be documented as an object). */
export const ApiText = (options: ReplyPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: String, ...options });

/** A month `YYYY-MM` (Asia/Shanghai). */
export const ApiPeriod = (options: ReplyPropertyOptions = {}): PropertyDecorator =>
  ApiProperty({ type: String, pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2025-03', ...options });

/** A UUID. */
export const ApiUuid = (options: ReplyPropertyOptions = {}): PropertyDecorator => ApiProperty({ type: String, format: 'uuid', ...options });

type Constructor<T> = new (...args: never[]) => T;

const pages = new Map<Constructor<unknown>, Constructor<Page<unknown>>>();

/**
 * The list convention's reply (`{items, total, page, pageSize}`, pagination.ts) as a class of its own per
 * item type, named `<Item>Page` (`UsageView` → `UsagePage`), so the document has one schema per list.
 * The same item class always gives the same page class (Swagger names schemas by class).
 */
export function pageOf<T>(item: Constructor<T>): Constructor<Page<T>> {
  const known = pages.get(item);
  if (known) return known as Constructor<Page<T>>;
  class ItemPage implements Page<T> {
    items!: T[];
    total!: number;
    page!: number;
    pageSize!: number;
  }
  ApiProperty({ type: [item] })(ItemPage.prototype, 'items');
  ApiInteger({ description: 'items in the whole list' })(ItemPage.prototype, 'total');
  ApiInteger({ description: '1-based' })(ItemPage.prototype, 'page');
  ApiInteger()(ItemPage.prototype, 'pageSize');
  Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
  pages.set(item, ItemPage);
  return ItemPage;
}
