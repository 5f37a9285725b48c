export * from './subject';
export * from './envelopes';
