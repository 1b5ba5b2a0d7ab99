import { Global, Module } from '@nestjs/common';
import { CatalogCoreModule, INSTRUMENT_WITHDRAWN } from '@app/catalog';
import { UsageCoreModule } from '@app/usage';
import { PartnerBookingClients } from './clients/partner-booking.clients';
import { BookingGrpc } from './grpc/booking.grpc';
import { BookingsController } from './http/bookings.controller';
import { CustomsController } from './http/customs.controller';
import { BookingRepository } from './infrastructure/booking.repository';
import { ForwardingDispatcher } from './infrastructure/forwarding.dispatcher';
import { ForwardBookingJob } from './jobs/forward-booking.job';
import { BookingFactsUseCase } from './use-cases/booking-facts.usecase';
import { BookingFlowsUseCase } from './use-cases/booking-flows.usecase';
import { BookingQuotaCheck } from './use-cases/booking-quota.usecase';
import { BookingClosing } from './use-cases/close-booking';
import { CompleteBookingUseCase } from './use-cases/complete-booking.usecase';
import { CreateBookingUseCase } from './use-cases/create-booking.usecase';
import { CustomsApprovalsUseCase } from './use-cases/customs-approvals.usecase';
import { ForwardBookingUseCase } from './use-cases/forward-booking.usecase';
import { ManageBookingUseCase } from './use-cases/manage-booking.usecase';
import { OwnerApprovalUseCase } from './use-cases/owner-approval.usecase';
import { RecordNoShowUseCase } from './use-cases/record-no-show.usecase';
import { SeedBookingsUseCase } from './use-cases/seed-bookings.usecase';
import { SweepForwardsUseCase } from './use-cases/sweep-forwards.usecase';
import { WithdrawBookingsUseCase } from './use-cases/withdraw-bookings.usecase';
import { UnitAdminScope } from './use-cases/unit-admin-scope';
import { EstimateBookingFeeUseCase } from './use-cases/estimate-booking-fee.usecase';

const useCases = [
  BookingFactsUseCase,
  CreateBookingUseCase,
  ManageBookingUseCase,
  EstimateBookingFeeUseCase,
  CustomsApprovalsUseCase,
  OwnerApprovalUseCase,
  CompleteBookingUseCase,
  RecordNoShowUseCase,
  ForwardBookingUseCase,
  SweepForwardsUseCase,
  WithdrawBookingsUseCase,
  BookingFlowsUseCase,
  SeedBookingsUseCase,
];

/**
 * Booking use-cases and their storage and partner clients, without transport.
 * Global so the catalog's withdrawal finds INSTRUMENT_WITHDRAWN without depending on this lib.
 */
@Global()
@Module({
  imports: [CatalogCoreModule, UsageCoreModule],
  providers: [
    BookingClosing,
    BookingRepository,
    BookingQuotaCheck,
    ForwardingDispatcher,
    PartnerBookingClients,
    UnitAdminScope,
    ...useCases,
    { provide: INSTRUMENT_WITHDRAWN, useExisting: WithdrawBookingsUseCase },
  ],
  exports: [...useCases, INSTRUMENT_WITHDRAWN],
})
export class BookingCoreModule {}

/** Bookings over HTTP and gRPC (partners booking our instruments). */
@Module({
  imports: [BookingCoreModule],
  controllers: [BookingsController, CustomsController, BookingGrpc],
})
export class BookingModule {}

/** Forwarding to partner platforms and the sweeper; registered wherever booking queues are consumed or declared. */
@Module({
  imports: [BookingCoreModule],
  providers: [ForwardBookingJob],
})
export class BookingJobsModule {}
