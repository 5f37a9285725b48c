export * from './errors';
export * from './auth';
export * from './pagination';
export * from './subjects';
export * from './queues';
export * from './catalogue';
export * from './booking';
export * from './billing';
