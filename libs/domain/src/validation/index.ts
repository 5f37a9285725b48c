// What input may be, for every boundary (DTOs, import cells): dates, instants, text, money.
export * from './calendar-input';
export * from './text';
export * from './money';
export * from './patterns';
export * from './code-point-order';
export * from './form-units';
