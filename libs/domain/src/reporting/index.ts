export * from './national-instruments';
