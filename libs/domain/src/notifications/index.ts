export * from './kinds';
export * from './notifiable';
export * from './recipients';
export * from './render';
export * from './signature';
export * from './webhook-url';
export * from './robots';
