export * from './sample-orders';
export * from './sample-usage';
