export * from './notification.dto';
export * from './notification.subjects';
