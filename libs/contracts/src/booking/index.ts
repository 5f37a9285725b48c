export * from './booking.dto';
