// Pure catalogue rules: rate-card validity, opening hours, booking-rule consistency (whether an instrument takes a booking is booking/bookable.ts), and what a search term is looked for as (synonyms, pinyin initials).
export * from './rate-cards';
export * from './opening-hours';
export * from './booking-rules';
export * from './region-input';
export * from './qualification-standing';
export * from './search-synonyms';
export * from './name-initials';
