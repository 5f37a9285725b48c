export * from './service-metrics';
export * from './readiness';
export * from './ops-server';
export * from './service-ops';
export * from './ops.module';
