export * from './enums';
export * from './institution.dto';
export * from './user.dto';
export * from './instrument.dto';
export * from './rate-card.dto';
export * from './availability.dto';
export * from './catalogue.replies';
export * from './regions';
