import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { Database, type DatabaseOptions } from './database';
import type { DB } from './database.types';

export const DATABASE = Symbol('DATABASE');
export const KYSELY = Symbol('KYSELY');
const OWNS_DATABASE = Symbol('OWNS_DATABASE');

/** Inject the typed query builder: `@InjectDb() private readonly db: Db`. */
export const InjectDb = () => Inject(KYSELY);
export type Db = Kysely<DB>;

@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(OWNS_DATABASE) private readonly ownsDatabase: boolean,
  ) {}

  /** Connects (starting embedded PGlite if no URL) and migrates before the app takes traffic. */
  static forRoot(options: DatabaseOptions): DynamicModule {
    return PersistenceModule.build(() => Database.connect(options), true);
  }

  /** Reuse an already-open database (tests, the demo); the caller closes it. */
  static forDatabase(database: Database): DynamicModule {
    return PersistenceModule.build(() => database, false);
  }

  private static build(open: () => Database | Promise<Database>, owns: boolean): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: DATABASE, useFactory: open },
        { provide: KYSELY, useFactory: (d: Database) => d.db, inject: [DATABASE] },
        { provide: OWNS_DATABASE, useValue: owns },
      ],
      exports: [DATABASE, KYSELY],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsDatabase) await this.database.close();
  }
}
