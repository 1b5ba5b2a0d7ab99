export * from './domain/booking';
export * from './jobs/booking.queue';
export * from './use-cases/create-booking.usecase';
export * from './use-cases/manage-booking.usecase';
export * from './use-cases/forward-booking.usecase';
export * from './use-cases/sweep-forwards.usecase';
export { pseudonymFor } from './domain/pseudonym';
export { BookingModule, BookingCoreModule, BookingJobsModule } from './booking.module';
export * from './use-cases/withdraw-bookings.usecase';
