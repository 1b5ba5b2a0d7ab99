import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { JwtVerifier, type JwtVerifierOptions } from './jwt-verifier';
import { ScrapeToken } from './scrape-token';

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: JwtVerifierOptions & { metricsToken?: string }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: JwtVerifier, useValue: new JwtVerifier(options) },
        { provide: ScrapeToken, useValue: new ScrapeToken(options.metricsToken) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}
