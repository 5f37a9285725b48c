export * from './sample-orders';
