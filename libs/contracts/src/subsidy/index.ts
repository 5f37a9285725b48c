export * from './subsidy.replies';
