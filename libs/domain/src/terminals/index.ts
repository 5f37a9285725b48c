export * from './signed-request';
export * from './reconciliation';
