import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessPolicy } from './access-policy';
import { AuthGuard } from './auth.guard';
import { JwtVerifier, type JwtVerifierOptions } from './jwt-verifier';
import { ScrapeToken } from './scrape-token';

/**
 * The auth guard on every HTTP route (APP_GUARD) and, installed by the gRPC
 * transport (`startGrpc`), on every gRPC handler. Partner and device tokens
 * are verified through the ports PARTNER_CREDENTIALS and DEVICE_CREDENTIALS,
 * which the libs owning those registries provide from a global module.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: JwtVerifierOptions & { metricsToken?: string }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: JwtVerifier, useValue: new JwtVerifier(options) },
        { provide: ScrapeToken, useValue: new ScrapeToken(options.metricsToken) },
        AccessPolicy,
        AuthGuard,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier, AccessPolicy, AuthGuard],
    };
  }
}
