import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@app/catalog';
import { BookingGrpc } from './grpc/booking.grpc';
import { BookingsController } from './http/bookings.controller';
import { CustomsController } from './http/customs.controller';
import { BookingRepository } from './infrastructure/booking.repository';
import { CreateBookingUseCase } from './use-cases/create-booking.usecase';
import { CustomsApprovalsUseCase } from './use-cases/customs-approvals.usecase';
import { ManageBookingUseCase } from './use-cases/manage-booking.usecase';

@Module({
  imports: [CatalogCoreModule],
  providers: [BookingRepository, CreateBookingUseCase, ManageBookingUseCase, CustomsApprovalsUseCase, BookingGrpc],
  controllers: [BookingsController, CustomsController],
  exports: [CreateBookingUseCase, ManageBookingUseCase],
})
export class BookingModule {}
