// Pure, dependency-free domain logic. No I/O, no framework imports.
export * from './credit-code';
export * from './instants';
export * from './validation';
export * from './rational';
export * from './billing';
export * from './subsidy';
export * from './identity';
export * from './permissions';
export * from './imports';
export * from './exchange';
export * from './catalogue';
export * from './statistics';
export * from './notifications';
export * from './office';
export * from './messages';
export * from './audit';
export * from './terminals';
