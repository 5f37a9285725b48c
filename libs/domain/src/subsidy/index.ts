// Pure evaluation and post-subsidy rules of policy.md: policy documents, indicators, grades, caps, budget allocation.
export * from './policy';
export * from './hours';
export * from './sources';
export * from './evaluation';
export * from './eligibility';
export * from './assessment';
export * from './allocation';
export * from './comparison';
export * from './run';
export * from './evaluation-csv';
