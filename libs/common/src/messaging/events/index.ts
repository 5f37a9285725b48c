export * from './event-payload';
export * from './durable-consumer';
export * from './stream';
