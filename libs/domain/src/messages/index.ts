export * from './said';
export * from './labels';
export * from './values';
export * from './validation';
