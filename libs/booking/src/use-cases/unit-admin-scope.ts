import { Injectable } from '@nestjs/common';
import { GetUnitUseCase, InstrumentOwnerUseCase, LOCAL_REGION } from '@app/catalog';

/** Who reads or acts on bookings: one of our users (by their token), or a partner platform. */
export type Viewer = UserViewer | PartnerViewer;

export interface UserViewer {
  kind: 'user';
  sub: string;
  unitId?: string;
  /** Unit admins act for their unit's instruments (of our region only); admins for every booking. */
  roles: string[];
}

export interface PartnerViewer {
  kind: 'partner';
  partnerId: string;
}

/** The audit trail's name for a viewer who acts (display only: never compared for access). */
export function viewerActor(viewer: Viewer): string {
  return viewer.kind === 'user' ? viewer.sub : `partner:${viewer.partnerId}`;
}

/**
 * The unit a viewer may act for as its admin. Only a unit of our region: a
 * partner's units act through their own platform (as unit registration
 * already refuses them), so a `unit_admin` token naming one is a plain user here.
 */
@Injectable()
export class UnitAdminScope {
  constructor(
    private readonly units: GetUnitUseCase,
    private readonly owners: InstrumentOwnerUseCase,
  ) {}

  async actingUnit(viewer: Viewer): Promise<string | undefined> {
    if (viewer.kind !== 'user' || !viewer.roles.includes('unit_admin') || !viewer.unitId) return undefined;
    const unit = await this.units.execute(viewer.unitId);
    return unit?.region === LOCAL_REGION ? unit.id : undefined;
  }

  /**
   * Whether the viewer acts for the unit owning the instrument (or is an admin):
   * who approves, rejects and closes its bookings. Withdrawn instruments
   * included: a booking under way stays the unit's to close.
   */
  async mayActFor(instrumentId: string, viewer: UserViewer): Promise<boolean> {
    if (viewer.roles.includes('admin')) return true;
    const unitId = await this.actingUnit(viewer);
    if (!unitId) return false;
    return (await this.owners.execute(instrumentId)) === unitId;
  }
}
