// Statistics of the platform's use across regions (issue 16).
export * from './cross-region';
