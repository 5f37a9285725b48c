export * from './booking.dto';
export * from './booking.replies';
export * from './booking-events';
export * from './policy.dto';
export * from './sample-orders.dto';
