export * from './sheet';
export * from './labels';
export * from './export-sheets';
export * from './excel-csv';
