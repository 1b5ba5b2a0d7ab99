// Generated from openapi/province/openapi.yaml by libs/province-client/scripts/generate.mjs; do not edit.
// Regenerate after changing the spec: node libs/province-client/scripts/generate.mjs
export interface paths {
    "/v1/instruments/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Instruments changed since a cursor (incremental pull)
         * @description The change feed of the provincial catalog, oldest first. Without `cursor` it starts at the
         *     beginning and yields the whole current catalog (one `upsert` per listed instrument, one
         *     `withdraw` per withdrawn one). The feed is compacted: an instrument appears at most once per
         *     position, with its latest state, so a full pull costs one item per instrument however often
         *     it changed.
         *
         *     Store `nextCursor` only together with the data of the page it ends (it is always present,
         *     also on an empty page), and continue while `hasMore` is true. Replaying a page is harmless:
         *     apply an item only if its `version` is newer than the stored one.
         *
         *     The feed includes records pushed by city platforms (`reportedBy` is then the city platform's
         *     region, e.g. `jiaxing`); a city platform skips its own records when pulling.
         *
         *     A cursor the platform no longer honours (its log was rebuilt) answers 410 with code
         *     `CURSOR_EXPIRED`: pull again from the beginning without a cursor.
         */
        get: operations["listInstrumentChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/instruments/{instrumentId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Instrument id `<region>:<localId>`; percent-encode the colon or not, both are accepted. */
                instrumentId: components["parameters"]["InstrumentIdPath"];
            };
            cookie?: never;
        };
        /**
         * One listed instrument
         * @description The current record of a listed instrument. A withdrawn instrument answers 404 with code `WITHDRAWN`.
         */
        get: operations["getInstrument"];
        /**
         * Upsert one instrument pushed by a city platform
         * @description Lists the instrument or replaces its record. Idempotent by `version`: a version newer than
         *     the stored one is applied (201 when the instrument was not listed, or had been withdrawn;
         *     200 otherwise); an older or equal version changes nothing and answers 200 with
         *     `applied: false` and the stored version, so replays and out-of-order retries are harmless.
         *
         *     The answer carries `listedOn`, the date the instrument first appeared on the provincial
         *     platform: the gateway records it as evidence for the Art. 13 deadline (30 working days from
         *     installation acceptance). Withdrawing and listing again keeps the first date.
         *
         *     The region part of `instrumentId` is the reporting platform: records the provincial
         *     platform registered itself (`zhejiang:…`) cannot be changed by a city platform (403).
         *
         *     The platform reviews a record before listing it: one without service terms (no
         *     `chargeStandard`, Art. 13) is refused with 422 `REVIEW_REFUSED` and stays unlisted; the
         *     city platform pushes it again, with a newer version, once the unit completed it.
         */
        put: operations["upsertInstrument"];
        post?: never;
        /**
         * Withdraw one instrument
         * @description Removes the instrument from the provincial catalog; the change feed then carries a
         *     `withdraw` item. Idempotent: withdrawing a withdrawn instrument answers 200 with
         *     `applied: false`. With `version`, a withdrawal older than or equal to the stored version is
         *     ignored the same way (it lost a race with a newer upsert); without it the withdrawal always
         *     applies and takes the stored version + 1 (send the gateway's tombstone version to keep a
         *     single version space). Only a version newer than the withdrawal lists the instrument again.
         */
        delete: operations["withdrawInstrument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage-records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage records of one instrument
         * @description Records of `instrumentId` with `from <= date <= to` (both optional, `from <= to`), ordered by date then `recordId`.
         */
        get: operations["listUsageRecords"];
        put?: never;
        /**
         * Report a batch of usage records
         * @description Daily usage per instrument, from the instrument's IoT sensor (`source: iot`, power-on hours)
         *     or from usage sessions (`source: session`). Idempotent by `recordId`: a record already
         *     received with the same content counts as a duplicate; the same `recordId` with different
         *     content is a 409 and nothing of the batch is applied. Every `instrumentId` must be an
         *     instrument listed on the platform now or before (422 otherwise). Besides the schema,
         *     `externalServiceHours` may not exceed `serviceHours` (400).
         */
        post: operations["submitUsageRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage sessions on provincial instruments since a cursor (incremental pull)
         * @description The usage sessions recorded on the instruments the provincial platform registered itself
         *     (`zhejiang:…`, as in the change feed), in recording order, oldest first. Without `cursor`
         *     it starts at the beginning and yields every session the platform holds. A correction of a
         *     session comes again later in the feed with the same `id` and a greater `version`; the feed
         *     is compacted like the change feed (a session appears at most once per position, with its
         *     latest version), so apply an item only if its `version` is newer than the stored one.
         *
         *     Store `nextCursor` only together with the sessions of the page it ends (it is always
         *     present, also on an empty page), and continue while `hasMore` is true. A cursor the
         *     platform no longer honours answers 410 with code `CURSOR_EXPIRED`: pull again from the
         *     beginning without a cursor.
         *
         *     No person is identified (Art. 17): a session names the requester's unit and region only,
         *     and neither for a natural person.
         */
        get: operations["listUsageSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description `<region>:<localId>`, the same id on every platform (gateway `Instrument.id`). The region is
         *     the reporting platform: `zhejiang` for records the province registered itself, a city
         *     platform's region (e.g. `jiaxing`) for records it pushed. A city platform's local part may
         *     itself be scoped to the owning unit (Jiaxing: `<unitId>.<inventory number>`, e.g.
         *     `jiaxing:jx-u001.JX-0000042`), so it is up to 128 characters.
         * @example jiaxing:jx-u001.JX-0000042
         */
        InstrumentId: string;
        /** @description Monotonic per instrument; a change applies only with a greater version (gateway `Instrument.version`). */
        Version: number;
        /**
         * Format: date
         * @description Calendar date `YYYY-MM-DD` (China time).
         */
        CalendarDate: string;
        /**
         * Format: date-time
         * @description RFC 3339 date-time with offset.
         */
        Instant: string;
        /** @description Amount of money in fen (分, 0.01 CNY), a whole number; gateway amounts are CNY with at most two decimals (× 100). */
        Fen: number;
        /** @description Reporting platform, the region part of the instrument id (`zhejiang` = the provincial platform itself). */
        PlatformId: string;
        /**
         * @description One instrument as the provincial platform records it. Mapping to the gateway's
         *     `InstrumentInput` (libs/catalog/src/domain/instrument.ts), implemented by
         *     `toProvinceInstrument` / `fromProvinceRecord` in `@app/province-client`:
         *
         *     | province | gateway | note |
         *     | --- | --- | --- |
         *     | (path) `instrumentId` | `id` = `<region>:<localId>` | `localId` is the part after the colon |
         *     | `instrumentName` | `name` | |
         *     | `instrumentNameEn` | `nameEn` | |
         *     | `specModel` | `model` | 规格型号 |
         *     | `manufacturerName` | `manufacturer` | |
         *     | `originCountry` | `countryOfOrigin` | ISO 3166-1 alpha-2 where known |
         *     | `mainFunctions` | `description` | 主要功能及技术指标 |
         *     | `classificationCode` | `categoryCode` | national classification code |
         *     | `originalValueFen` | `valueCny` | fen = CNY × 100 |
         *     | `fundingChannel` | `fundingSource` | `fiscal`↔`fiscal`, `stateCapital`↔`state_capital`, `selfRaised`↔`other` |
         *     | `ownerUnitCode` | `unitId` | |
         *     | `cityName` | `city` | e.g. `嘉兴市` |
         *     | `installAddress` | `address` | |
         *     | `geoLocation {latitude, longitude}` | `location {lat, lon}` | WGS-84 |
         *     | `installAcceptedOn` | `acceptanceDate` | starts the Art. 13 clock |
         *     | (record) `listedOn` | `provincialJoinDate` | set by the province, never pushed |
         *     | `iotDeviceCode` | `iotSensorId` | |
         *     | `serviceTypes` | `serviceModes` | `selfOperation`↔`self_operated`, `operatorAssisted`↔`operator_assisted`, `sampleTesting`↔`sample_submission` |
         *     | `chargeStandard` | `fee` | see ChargeStandard |
         *     | `confidentiality` | `confidentiality.status` | only `none` ever crosses (Art. 11) |
         *     | `dutyFree` | `dutyFreeImport` | see DutyFreeImport |
         *     | `ownerApprovalRequired` | `requiresOwnerApproval` | |
         */
        Instrument: {
            /** @description Instrument name in Chinese (gateway `name`). */
            instrumentName: string;
            /** @description English name (gateway `nameEn`). */
            instrumentNameEn?: string;
            /** @description Specification and model, 规格型号 (gateway `model`). */
            specModel?: string;
            /** @description Manufacturer (gateway `manufacturer`). */
            manufacturerName?: string;
            /** @description Country of origin, ISO 3166-1 alpha-2 where known (gateway `countryOfOrigin`). */
            originCountry?: string;
            /** @description Main functions and technical specifications, 主要功能及技术指标 (gateway `description`). */
            mainFunctions?: string;
            /** @description National instrument classification code, class (2 digits) or sub-class (4 digits) (gateway `categoryCode`). */
            classificationCode: string;
            /** @description Original value in fen, 原值 (gateway `valueCny` × 100). */
            originalValueFen: components["schemas"]["Fen"];
            /**
             * @description Source of purchase funds (gateway `fundingSource`: `fiscal`, `state_capital`, `other`).
             * @enum {string}
             */
            fundingChannel: "fiscal" | "stateCapital" | "selfRaised";
            /** @description Management unit code (gateway `unitId`). */
            ownerUnitCode: string;
            /** @description Management unit name; informative, the province keys units by `ownerUnitCode`. */
            ownerUnitName?: string;
            /** @description City where the instrument is installed, e.g. `嘉兴市` (gateway `city`). */
            cityName: string;
            /** @description Installation address (gateway `address`). */
            installAddress?: string;
            geoLocation?: components["schemas"]["GeoLocation"];
            /** @description Installation acceptance date, 验收日期 (gateway `acceptanceDate`). */
            installAcceptedOn?: components["schemas"]["CalendarDate"];
            /** @description Code of the IoT power sensor reporting usage (gateway `iotSensorId`). */
            iotDeviceCode?: string;
            /** @description Service modes offered (gateway `serviceModes`); may be empty while the unit defines them (Art. 13: three months). */
            serviceTypes: ("selfOperation" | "operatorAssisted" | "sampleTesting")[];
            chargeStandard?: components["schemas"]["ChargeStandard"];
            /**
             * @description Confidentiality status (gateway `confidentiality.status`). Only `none` is accepted:
             *     confidential or exempted instruments (Art. 11) are never sent to the province, and a
             *     record saying otherwise is refused with 400.
             * @enum {string}
             */
            confidentiality: "none";
            dutyFree?: components["schemas"]["DutyFreeImport"];
            /** @description Bookings need the management unit's approval (gateway `requiresOwnerApproval`). */
            ownerApprovalRequired?: boolean;
        };
        /** @description WGS-84 position (gateway `location {lat, lon}`). */
        GeoLocation: {
            latitude: number;
            longitude: number;
        };
        /**
         * @description Structured fee standard (Art. 13, 19; gateway `fee`). Prices per `chargeUnit`; internal for
         *     the owning unit, external for everyone else.
         *     Mapping: `chargeUnit`↔`unit`, `internalPriceFen`↔`internalPriceCny` × 100,
         *     `externalPriceFen`↔`externalPriceCny` × 100, `tiers`↔`tiers`, `setupFeeFen`↔`setupFeeCny` × 100,
         *     `remark`↔`note`.
         */
        ChargeStandard: {
            /** @enum {string} */
            chargeUnit: "hour" | "sample" | "day" | "item";
            internalPriceFen: components["schemas"]["Fen"];
            externalPriceFen: components["schemas"]["Fen"];
            /** @description Price tiers by strictly increasing `fromQuantity`. */
            tiers?: components["schemas"]["ChargeTier"][];
            /** @description Fixed charge per booking. */
            setupFeeFen?: components["schemas"]["Fen"];
            remark?: string;
        };
        /** @description From `fromQuantity` units on, these prices apply (gateway `FeeTier`: `fromQuantity`↔`minQuantity`). */
        ChargeTier: {
            fromQuantity: number;
            internalPriceFen: components["schemas"]["Fen"];
            externalPriceFen: components["schemas"]["Fen"];
        };
        /**
         * @description Duty-free import under customs supervision (Art. 5, 12; gateway `dutyFreeImport`). Use by
         *     another unit needs customs approval until `customsReleaseDate` + `supervisionYears`.
         *     Mapping: `customsDeclarationNo`↔`declarationNo`, `customsReleaseDate`↔`releaseDate`,
         *     `supervisionYears`↔`supervisionYears`.
         */
        DutyFreeImport: {
            customsDeclarationNo: string;
            customsReleaseDate: components["schemas"]["CalendarDate"];
            supervisionYears: number;
        };
        /** @description Body of an upsert. */
        InstrumentUpsert: {
            version: components["schemas"]["Version"];
            instrument: components["schemas"]["Instrument"];
        };
        /** @description A listed instrument with the province's bookkeeping. */
        InstrumentRecord: {
            instrumentId: components["schemas"]["InstrumentId"];
            version: components["schemas"]["Version"];
            reportedBy: components["schemas"]["PlatformId"];
            /** @description Date the instrument first appeared on the provincial platform (gateway `provincialJoinDate`; Art. 13). */
            listedOn: components["schemas"]["CalendarDate"];
            /** @description Instant the instrument first appeared on the provincial platform. */
            listedAt: components["schemas"]["Instant"];
            updatedAt: components["schemas"]["Instant"];
            instrument: components["schemas"]["Instrument"];
        };
        UpsertResult: {
            instrumentId: components["schemas"]["InstrumentId"];
            /** @description The stored version after the call (the sent one if applied). */
            version: components["schemas"]["Version"];
            /** @description False when the sent version was not newer than the stored one (nothing changed). */
            applied: boolean;
            /** @description Date the instrument first appeared on the provincial platform (Art. 13 evidence). */
            listedOn: components["schemas"]["CalendarDate"];
            listedAt: components["schemas"]["Instant"];
        };
        WithdrawResult: {
            instrumentId: components["schemas"]["InstrumentId"];
            /** @description The stored version after the call (the withdrawal's own version when applied). */
            version: components["schemas"]["Version"];
            applied: boolean;
            /** @description When the instrument was withdrawn (now, or earlier if it already was); absent when a stale withdrawal left it listed. */
            withdrawnAt?: components["schemas"]["Instant"];
        };
        UpsertChange: {
            /** @constant */
            changeType: "upsert";
            instrumentId: components["schemas"]["InstrumentId"];
            version: components["schemas"]["Version"];
            changedAt: components["schemas"]["Instant"];
            reportedBy: components["schemas"]["PlatformId"];
            /** @description Date the instrument first appeared on the provincial platform (gateway `provincialJoinDate`). */
            listedOn: components["schemas"]["CalendarDate"];
            instrument: components["schemas"]["Instrument"];
        };
        WithdrawChange: {
            /** @constant */
            changeType: "withdraw";
            instrumentId: components["schemas"]["InstrumentId"];
            version: components["schemas"]["Version"];
            changedAt: components["schemas"]["Instant"];
            reportedBy: components["schemas"]["PlatformId"];
        };
        /** @description An upsert (the full current record) or a withdrawal (a tombstone), told apart by `changeType`. */
        ChangeItem: components["schemas"]["UpsertChange"] | components["schemas"]["WithdrawChange"];
        ChangePage: {
            items: components["schemas"]["ChangeItem"][];
            /** @description Position after the last item; pass it as `cursor` to continue. */
            nextCursor: components["schemas"]["FeedCursor"];
            /** @description True when more changes follow `nextCursor` right now. */
            hasMore: boolean;
        };
        /**
         * @description Usage of one instrument on one day. Feeds the evaluation measures: effective working hours
         *     (`serviceHours`, or `powerOnHours` from IoT), external service hours, utilisation and
         *     sharing rate; a month without power-on is what the idle rule (Art. 15) looks for.
         */
        UsageRecord: {
            /** @description Reporter-chosen id, unique per reporter; the idempotency key. */
            recordId: string;
            instrumentId: components["schemas"]["InstrumentId"];
            date: components["schemas"]["CalendarDate"];
            /** @description Hours the instrument was powered on that day (IoT sensor, or session time). */
            powerOnHours: number;
            /** @description Effective working hours that day (from usage sessions or IoT). */
            serviceHours: number;
            /** @description Part of `serviceHours` serving users outside the owning unit; at most `serviceHours`. */
            externalServiceHours: number;
            /**
             * @description `iot`: measured by the power sensor; `session`: from booked usage sessions.
             * @enum {string}
             */
            source: "iot" | "session";
        };
        UsageBatch: {
            records: components["schemas"]["UsageRecord"][];
        };
        UsageBatchResult: {
            /** @description Records in the batch. */
            received: number;
            /** @description Records stored by this call. */
            created: number;
            /** @description Records already stored with the same content (replays). */
            duplicates: number;
        };
        UsageRecordList: {
            items: components["schemas"]["UsageRecord"][];
        };
        /** @description Opaque feed position issued by the platform; never parse or build one. */
        FeedCursor: string;
        /**
         * @description A Yangtze River Delta region: the province, a city platform or a partner province.
         * @enum {string}
         */
        YrdRegion: "zhejiang" | "jiaxing" | "shanghai" | "jiangsu" | "anhui";
        /**
         * @description One use of a provincial instrument: a booked window that was used (`completed`, with its
         *     `start` and `end`) or not (`no_show`, without either: it has no working hours). Feeds
         *     effective working hours (the union of session intervals, per instrument), external service
         *     hours (sessions whose requester is another unit than the instrument's owner: `external`)
         *     and fees (Art. 19). Besides the schema, `start` and `end` are present exactly when
         *     `outcome` is `completed`, and `start` < `end`.
         *     Mapping to the gateway's usage session (`toUsageSessionFromProvince` in
         *     `@app/province-client`): source `province`, source key `id`, `instrumentId` as is (the
         *     catalog's id), a requester with `requesterRegion` null is a natural person, any other a
         *     unit (its code may be unknown).
         */
        UsageSession: {
            /** @description The province's stable id of the session; a correction keeps it. */
            id: string;
            /** @description Monotonic per session; a correction carries a greater version. */
            version: components["schemas"]["Version"];
            /** @description The instrument used, as in the change feed (`zhejiang:<localId>`). */
            instrumentId: components["schemas"]["InstrumentId"];
            /** @description Start of use (completed sessions only). */
            start?: components["schemas"]["Instant"];
            /** @description End of use, after `start` (completed sessions only). */
            end?: components["schemas"]["Instant"];
            /** @enum {string} */
            outcome: "completed" | "no_show";
            /** @description The requesting unit's code (as `ownerUnitCode` for its own instruments); absent for a natural person or when the province does not know it. */
            requesterUnitId?: string;
            /** @description Region of the requesting unit; null for a natural person. */
            requesterRegion: components["schemas"]["YrdRegion"] | null;
            /** @description True when the requester is another unit than the instrument's owning unit (a natural person always is). */
            external: boolean;
            /** @description What the owning unit charged for the session (Art. 19); 0 for none. */
            feeChargedFen: components["schemas"]["Fen"];
            /** @description Samples measured; 0 when not counted and for a no-show. */
            samples: number;
        };
        UsageSessionPage: {
            items: components["schemas"]["UsageSession"][];
            /** @description Position after the last session; pass it as `cursor` to continue. */
            nextCursor: components["schemas"]["FeedCursor"];
            /** @description True when more sessions follow `nextCursor` right now. */
            hasMore: boolean;
        };
        FieldError: {
            /** @description Path of the failing value: a parameter name (`limit`) or a body path (`instrument.confidentiality`, `records[3].date`); `(body)` for the body itself. */
            field: string;
            message: string;
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            /**
             * @description Machine-readable reason. Known codes: `VALIDATION_FAILED`, `UNAUTHENTICATED`, `FORBIDDEN`,
             *     `NOT_FOUND`, `WITHDRAWN`, `METHOD_NOT_ALLOWED`, `CONFLICT`, `CURSOR_EXPIRED`,
             *     `PAYLOAD_TOO_LARGE`, `UNSUPPORTED_MEDIA_TYPE`, `UNPROCESSABLE`, `REVIEW_REFUSED`, `RATE_LIMITED`,
             *     `INTERNAL`, `UNAVAILABLE`. Clients must accept codes not listed here.
             */
            code: string;
            errors?: components["schemas"]["FieldError"][];
        };
    };
    responses: {
        /** @description The request does not match this document; `errors` names every failing field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Missing or unknown bearer token. */
        Unauthorized: {
            headers: {
                /** @description `Bearer realm="province"` */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The token may not change this record (it belongs to another reporting platform). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such instrument (code `NOT_FOUND`), or it was withdrawn (code `WITHDRAWN`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A `recordId` was received before with different content; `errors` names it. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The cursor is no longer honoured (code `CURSOR_EXPIRED`); pull again from the beginning. */
        CursorExpired: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body exceeds 1 MiB. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Well-formed but refers to something the platform does not know; `errors` names it. */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description Well-formed, but the record fails the platform's review and is not listed (code
         *     `REVIEW_REFUSED`); `errors` names the field with the reason in Chinese and English, e.g.
         *     `instrument.chargeStandard` when the service terms (fee standard, Art. 13) are missing.
         *     Sending the same record again gets the same answer.
         */
        ReviewRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate limited; retry after `Retry-After` seconds. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Platform fault; retry with backoff. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Platform down for maintenance or overloaded; retry with backoff, honouring `Retry-After`. */
        Unavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description Instrument id `<region>:<localId>`; percent-encode the colon or not, both are accepted. */
        InstrumentIdPath: components["schemas"]["InstrumentId"];
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listInstrumentChanges: {
        parameters: {
            query?: {
                /** @description Opaque position returned as `nextCursor` by the previous page; absent = from the beginning. */
                cursor?: components["schemas"]["FeedCursor"];
                /** @description Maximum number of items in the page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of changes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            410: components["responses"]["CursorExpired"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    getInstrument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Instrument id `<region>:<localId>`; percent-encode the colon or not, both are accepted. */
                instrumentId: components["parameters"]["InstrumentIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The instrument record. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstrumentRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    upsertInstrument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Instrument id `<region>:<localId>`; percent-encode the colon or not, both are accepted. */
                instrumentId: components["parameters"]["InstrumentIdPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstrumentUpsert"];
            };
        };
        responses: {
            /** @description Replaced (`applied: true`) or ignored as stale (`applied: false`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpsertResult"];
                };
            };
            /** @description Listed (it was not listed before). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpsertResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ReviewRefused"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    withdrawInstrument: {
        parameters: {
            query?: {
                /** @description Version of the withdrawal (the gateway's tombstone version). */
                version?: components["schemas"]["Version"];
            };
            header?: never;
            path: {
                /** @description Instrument id `<region>:<localId>`; percent-encode the colon or not, both are accepted. */
                instrumentId: components["parameters"]["InstrumentIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Withdrawn (`applied: true`) or nothing to do (`applied: false`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WithdrawResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listUsageRecords: {
        parameters: {
            query: {
                instrumentId: components["schemas"]["InstrumentId"];
                from?: components["schemas"]["CalendarDate"];
                to?: components["schemas"]["CalendarDate"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching records. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageRecordList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    submitUsageRecords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UsageBatch"];
            };
        };
        responses: {
            /** @description Every record is stored (newly or already). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageBatchResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
    listUsageSessions: {
        parameters: {
            query?: {
                /** @description Opaque position returned as `nextCursor` by the previous page; absent = from the beginning. */
                cursor?: components["schemas"]["FeedCursor"];
                /** @description Maximum number of sessions in the page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of sessions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageSessionPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            410: components["responses"]["CursorExpired"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["Unavailable"];
        };
    };
}
