// Pure evaluation and post-subsidy rules of policy.md: policy documents, indicators, grades, caps, budget allocation.
export * from './policy';
export * from './evaluation';
export * from './allocation';
export * from './run';
export * from './rows';
