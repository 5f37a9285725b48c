export * from './statistics';
export * from './usage.dto';
export * from './facts';
export * from './billing.dto';
export * from './billing.replies';
export * from './voucher-claims';
export * from './voucher-programmes';
export * from './billing-events';
