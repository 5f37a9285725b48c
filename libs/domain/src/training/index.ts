export * from './training-requests';
