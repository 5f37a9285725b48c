// The exchange format's rules (exchange.md): cells and header rows. Reading zips, CSV and xlsx is libs/common's.
export * from './cells';
export * from './header';
export * from './encoding';
