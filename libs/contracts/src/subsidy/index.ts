export * from './subsidy.replies';
export * from './subsidy-results.views';
