export * from './lost-import';
