export * from './booking.dto';
export * from './booking.replies';
export * from './booking-events';
export * from './policy.dto';
export * from './terminal.dto';
export * from './training.dto';
export * from './research-groups';
export * from './sample-orders.dto';
