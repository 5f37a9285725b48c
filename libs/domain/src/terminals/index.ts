export * from './signed-request';
export * from './reconciliation';
export * from './offline';
