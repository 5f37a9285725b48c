export * from './booking.dto';
export * from './booking.replies';
