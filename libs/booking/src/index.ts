export * from './domain/booking';
export * from './use-cases/create-booking.usecase';
export * from './use-cases/manage-booking.usecase';
export { BookingModule } from './booking.module';
