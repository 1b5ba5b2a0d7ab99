import { Controller, Get, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GrpcMethod } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { Partners, Public, Roles } from '@app/auth';
import { RouteAccessCheck } from './route-access.check';

@Controller('declared')
class DeclaredRoutes {
  @Get('open') @Public() open() {}
  @Get('admins') @Roles('admin') admins() {}
}

@Controller()
@Partners()
class DeclaredService {
  @GrpcMethod('CatalogService', 'GetInstrument') getInstrument() {}
  @GrpcMethod('CatalogService', 'SearchInstruments') @Public() searchInstruments() {}
}

/** A gRPC service whose one handler says who may call it, and whose other says nothing. */
@Controller()
class HalfDeclaredService {
  @GrpcMethod('BookingService', 'GetBooking') @Partners() getBooking() {}
  @GrpcMethod('BookingService', 'CancelBooking') cancelBooking() {}
}

@Controller('undeclared')
class UndeclaredRoute {
  @Get() list() {}
}

const boot = async (...controllers: Type[]) => {
  const module = await Test.createTestingModule({ imports: [DiscoveryModule], controllers, providers: [RouteAccessCheck] }).compile();
  try {
    await module.init();
  } finally {
    await module.close();
  }
};

describe('RouteAccessCheck (boot)', () => {
  it('boots when every HTTP route and gRPC handler declares who may call it, on itself or its class', async () => {
    await expect(boot(DeclaredRoutes, DeclaredService)).resolves.toBeUndefined();
  });

  it('refuses to boot with a gRPC handler that declares no access rule, naming it', async () => {
    await expect(boot(DeclaredRoutes, HalfDeclaredService)).rejects.toThrow(/HalfDeclaredService\.cancelBooking/);
    await expect(boot(HalfDeclaredService)).rejects.not.toThrow(/getBooking/);
  });

  it('refuses to boot with an HTTP route that declares no access rule, naming it', async () => {
    await expect(boot(UndeclaredRoute)).rejects.toThrow(/UndeclaredRoute\.list/);
  });
});
