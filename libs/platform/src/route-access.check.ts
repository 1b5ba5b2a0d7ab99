import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC, OWN_CREDENTIAL, REQUIRED_ROLES } from '@app/auth';

/**
 * Refuses to boot when a route declares neither @Public nor @Roles (nor, for a
 * device's route, @OwnCredential with its guard), so a new endpoint cannot
 * ship open by accident.
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
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, wrapper.metatype as object];
        const declared =
          this.reflector.getAllAndOverride(IS_PUBLIC, targets as never) !== undefined ||
          this.reflector.getAllAndOverride(REQUIRED_ROLES, targets as never) !== undefined ||
          this.reflector.getAllAndOverride(OWN_CREDENTIAL, targets as never) !== undefined;
        if (!declared) undeclared.push(`${wrapper.name}.${method}`);
      }
    }
    if (undeclared.length > 0) throw new Error(`routes without @Public, @Roles or @OwnCredential: ${undeclared.join(', ')}`);
  }
}
