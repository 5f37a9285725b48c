export * from './usage.dto';
