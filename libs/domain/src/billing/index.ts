// Pure billing rules of policy.md: pricing one usage record, voucher draw-down, statements.
export * from './pricing';
export * from './vouchers';
export * from './statements';
export * from './rows';
