import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { accessRuleOf, isDeclared } from '@app/auth';

/**
 * Refuses to boot when an HTTP route or a gRPC handler (a message pattern,
 * which is how Nest routes a gRPC method) declares no access rule (@Public,
 * @Roles, @AcceptsScrapeToken, @Partners, @Devices, on it or its class), so a
 * new endpoint cannot ship open, or shut for everyone, by accident.
 */
@Injectable()
export class RouteAccessCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        const endpoint = Reflect.getMetadata(PATH_METADATA, handler) !== undefined || Reflect.getMetadata(PATTERN_METADATA, handler) !== undefined;
        if (endpoint && !isDeclared(accessRuleOf(this.reflector, handler, wrapper.metatype))) undeclared.push(`${wrapper.name}.${method}`);
      }
    }
    if (undeclared.length > 0) throw new Error(`endpoints without an access rule (@Public, @Roles, @Partners, @Devices): ${undeclared.join(', ')}`);
  }
}
