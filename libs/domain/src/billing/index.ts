// Pure billing rules of policy.md: pricing one usage record, voucher draw-down, statements, and their export rows.
export * from './periods';
export * from './pricing';
export * from './vouchers';
export * from './statements';
export * from './manual-usage';
export * from './export-rows';
export * from './voucher-claims';
export * from './voucher-programmes';
export * from './fund-accounts';
