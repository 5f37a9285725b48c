export * from './national-instruments';
export * from './national-services';
export * from './quarter';
export * from './national-sheets';
