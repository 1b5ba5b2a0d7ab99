// Generated from openapi/province/openapi.yaml by libs/province-client/scripts/generate.mjs; do not edit.
// Regenerate after changing the spec: node libs/province-client/scripts/generate.mjs
export const provinceApiDocument: Readonly<Record<string, unknown>> = {
  "openapi": "3.1.0",
  "info": {
    "title": "Zhejiang provincial large research instrument platform — instrument interface",
    "version": "1.0.0",
    "summary": "Our documented assumption of the machine interface of 浙江省大型科研仪器开放共享平台.",
    "description": "The Zhejiang provincial platform publishes no machine interface we could build against, so this\ndocument is **our assumption** of it, written contract-first: the gateway's typed client\n(`@app/province-client`) is generated from it and `apps/province-sim` serves it, validating every\nrequest against it. When the real interface is known, this file changes first and the drift check\n(`libs/province-client/scripts/generate.mjs --check`) points at every place that must follow.\n\nWhat the gateway does with it (Jiaxing measures, Art. 13): pull the provincial catalog\nincrementally (`GET /v1/instruments/changes`), push Jiaxing's shareable instruments\n(`PUT /v1/instruments/{instrumentId}`) and record when each one got there (`listedOn`), withdraw\nthem (`DELETE`), and report usage including IoT power-on hours (`POST /v1/usage-records`); and\npull the usage sessions of the province's own instruments (`GET /v1/usage-sessions`) for the\nregional evaluation measures (effective working hours, external service hours, sharing rate).\n\nConventions:\n- Field names are the province's own, camelCase English; each schema says which gateway field\n  (`libs/catalog/src/domain/instrument.ts`) it maps to.\n- Money is an integer number of fen (分, 0.01 CNY): `valueCny: 732600.5` ↔ `originalValueFen: 73260050`.\n- Calendar dates are `YYYY-MM-DD` in China time (UTC+8); instants are RFC 3339 with offset.\n- Every object is closed (`additionalProperties: false`): an unknown field is a 400, never silently dropped.\n- Instruments involving state secrets or exempted from sharing (Art. 11) never reach the province:\n  `confidentiality` accepts only `none`, anything else is a 400.\n- Errors are RFC 9457 `application/problem+json`; a 400 lists every failing field in `errors`.\n- Retry on 429, 5xx and network errors (with backoff, honouring `Retry-After`); never on other 4xx.\n"
  },
  "servers": [
    {
      "url": "http://127.0.0.1:4010",
      "description": "apps/province-sim on loopback (the demo's port)"
    }
  ],
  "security": [
    {
      "bearerAuth": []
    }
  ],
  "tags": [
    {
      "name": "instruments",
      "description": "The provincial instrument catalog and city platforms' pushes into it."
    },
    {
      "name": "usage",
      "description": "Usage records (effective working hours, external service hours, IoT power-on hours)."
    }
  ],
  "paths": {
    "/v1/instruments/changes": {
      "get": {
        "tags": [
          "instruments"
        ],
        "operationId": "listInstrumentChanges",
        "summary": "Instruments changed since a cursor (incremental pull)",
        "description": "The change feed of the provincial catalog, oldest first. Without `cursor` it starts at the\nbeginning and yields the whole current catalog (one `upsert` per listed instrument, one\n`withdraw` per withdrawn one). The feed is compacted: an instrument appears at most once per\nposition, with its latest state, so a full pull costs one item per instrument however often\nit changed.\n\nStore `nextCursor` only together with the data of the page it ends (it is always present,\nalso on an empty page), and continue while `hasMore` is true. Replaying a page is harmless:\napply an item only if its `version` is newer than the stored one.\n\nThe feed includes records pushed by city platforms (`reportedBy` is then the city platform's\nregion, e.g. `jiaxing`); a city platform skips its own records when pulling.\n\nA cursor the platform no longer honours (its log was rebuilt) answers 410 with code\n`CURSOR_EXPIRED`: pull again from the beginning without a cursor.\n",
        "parameters": [
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "Opaque position returned as `nextCursor` by the previous page; absent = from the beginning.",
            "schema": {
              "$ref": "#/components/schemas/FeedCursor"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Maximum number of items in the page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of changes.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ChangePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "410": {
            "$ref": "#/components/responses/CursorExpired"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/instruments/{instrumentId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/InstrumentIdPath"
        }
      ],
      "get": {
        "tags": [
          "instruments"
        ],
        "operationId": "getInstrument",
        "summary": "One listed instrument",
        "description": "The current record of a listed instrument. A withdrawn instrument answers 404 with code `WITHDRAWN`.",
        "responses": {
          "200": {
            "description": "The instrument record.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InstrumentRecord"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      },
      "put": {
        "tags": [
          "instruments"
        ],
        "operationId": "upsertInstrument",
        "summary": "Upsert one instrument pushed by a city platform",
        "description": "Lists the instrument or replaces its record. Idempotent by `version`: a version newer than\nthe stored one is applied (201 when the instrument was not listed, or had been withdrawn;\n200 otherwise); an older or equal version changes nothing and answers 200 with\n`applied: false` and the stored version, so replays and out-of-order retries are harmless.\n\nThe answer carries `listedOn`, the date the instrument first appeared on the provincial\nplatform: the gateway records it as evidence for the Art. 13 deadline (30 working days from\ninstallation acceptance). Withdrawing and listing again keeps the first date.\n\nThe region part of `instrumentId` is the reporting platform: records the provincial\nplatform registered itself (`zhejiang:…`) cannot be changed by a city platform (403).\n\nThe platform reviews a record before listing it: one without service terms (no\n`chargeStandard`, Art. 13) is refused with 422 `REVIEW_REFUSED` and stays unlisted; the\ncity platform pushes it again, with a newer version, once the unit completed it.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/InstrumentUpsert"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Replaced (`applied: true`) or ignored as stale (`applied: false`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UpsertResult"
                }
              }
            }
          },
          "201": {
            "description": "Listed (it was not listed before).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UpsertResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/ReviewRefused"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      },
      "delete": {
        "tags": [
          "instruments"
        ],
        "operationId": "withdrawInstrument",
        "summary": "Withdraw one instrument",
        "description": "Removes the instrument from the provincial catalog; the change feed then carries a\n`withdraw` item. Idempotent: withdrawing a withdrawn instrument answers 200 with\n`applied: false`. With `version`, a withdrawal older than or equal to the stored version is\nignored the same way (it lost a race with a newer upsert); without it the withdrawal always\napplies and takes the stored version + 1 (send the gateway's tombstone version to keep a\nsingle version space). Only a version newer than the withdrawal lists the instrument again.\n",
        "parameters": [
          {
            "name": "version",
            "in": "query",
            "required": false,
            "description": "Version of the withdrawal (the gateway's tombstone version).",
            "schema": {
              "$ref": "#/components/schemas/Version"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Withdrawn (`applied: true`) or nothing to do (`applied: false`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WithdrawResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/usage-records": {
      "post": {
        "tags": [
          "usage"
        ],
        "operationId": "submitUsageRecords",
        "summary": "Report a batch of usage records",
        "description": "Daily usage per instrument, from the instrument's IoT sensor (`source: iot`, power-on hours)\nor from usage sessions (`source: session`). Idempotent by `recordId`: a record already\nreceived with the same content counts as a duplicate; the same `recordId` with different\ncontent is a 409 and nothing of the batch is applied. Every `instrumentId` must be an\ninstrument listed on the platform now or before (422 otherwise). Besides the schema,\n`externalServiceHours` may not exceed `serviceHours` (400).\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UsageBatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Every record is stored (newly or already).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UsageBatchResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      },
      "get": {
        "tags": [
          "usage"
        ],
        "operationId": "listUsageRecords",
        "summary": "Usage records of one instrument",
        "description": "Records of `instrumentId` with `from <= date <= to` (both optional, `from <= to`), ordered by date then `recordId`.",
        "parameters": [
          {
            "name": "instrumentId",
            "in": "query",
            "required": true,
            "schema": {
              "$ref": "#/components/schemas/InstrumentId"
            }
          },
          {
            "name": "from",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/CalendarDate"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/CalendarDate"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The matching records.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UsageRecordList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/usage-sessions": {
      "get": {
        "tags": [
          "usage"
        ],
        "operationId": "listUsageSessions",
        "summary": "Usage sessions on provincial instruments since a cursor (incremental pull)",
        "description": "The usage sessions recorded on the instruments the provincial platform registered itself\n(`zhejiang:…`, as in the change feed), in recording order, oldest first. Without `cursor`\nit starts at the beginning and yields every session the platform holds. A correction of a\nsession comes again later in the feed with the same `id` and a greater `version`; the feed\nis compacted like the change feed (a session appears at most once per position, with its\nlatest version), so apply an item only if its `version` is newer than the stored one.\n\nStore `nextCursor` only together with the sessions of the page it ends (it is always\npresent, also on an empty page), and continue while `hasMore` is true. A cursor the\nplatform no longer honours answers 410 with code `CURSOR_EXPIRED`: pull again from the\nbeginning without a cursor.\n\nNo person is identified (Art. 17): a session names the requester's unit and region only,\nand neither for a natural person.\n",
        "parameters": [
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "Opaque position returned as `nextCursor` by the previous page; absent = from the beginning.",
            "schema": {
              "$ref": "#/components/schemas/FeedCursor"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Maximum number of sessions in the page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of sessions.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UsageSessionPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "410": {
            "$ref": "#/components/responses/CursorExpired"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token the provincial platform issued to the city platform (partners file: `outboundToken`)."
      }
    },
    "parameters": {
      "InstrumentIdPath": {
        "name": "instrumentId",
        "in": "path",
        "required": true,
        "description": "Instrument id `<region>:<localId>`; percent-encode the colon or not, both are accepted.",
        "schema": {
          "$ref": "#/components/schemas/InstrumentId"
        }
      }
    },
    "headers": {
      "RetryAfter": {
        "description": "Seconds to wait before retrying.",
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request does not match this document; `errors` names every failing field.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "Missing or unknown bearer token.",
        "headers": {
          "WWW-Authenticate": {
            "description": "`Bearer realm=\"province\"`",
            "schema": {
              "type": "string"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The token may not change this record (it belongs to another reporting platform).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such instrument (code `NOT_FOUND`), or it was withdrawn (code `WITHDRAWN`).",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Conflict": {
        "description": "A `recordId` was received before with different content; `errors` names it.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "CursorExpired": {
        "description": "The cursor is no longer honoured (code `CURSOR_EXPIRED`); pull again from the beginning.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The body exceeds 1 MiB.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not `application/json`.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unprocessable": {
        "description": "Well-formed but refers to something the platform does not know; `errors` names it.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "ReviewRefused": {
        "description": "Well-formed, but the record fails the platform's review and is not listed (code\n`REVIEW_REFUSED`); `errors` names the field with the reason in Chinese and English, e.g.\n`instrument.chargeStandard` when the service terms (fee standard, Art. 13) are missing.\nSending the same record again gets the same answer.\n",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "Rate limited; retry after `Retry-After` seconds.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "InternalError": {
        "description": "Platform fault; retry with backoff.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unavailable": {
        "description": "Platform down for maintenance or overloaded; retry with backoff, honouring `Retry-After`.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "InstrumentId": {
        "description": "`<region>:<localId>`, the same id on every platform (gateway `Instrument.id`). The region is\nthe reporting platform: `zhejiang` for records the province registered itself, a city\nplatform's region (e.g. `jiaxing`) for records it pushed. A city platform's local part may\nitself be scoped to the owning unit (Jiaxing: `<unitId>.<inventory number>`, e.g.\n`jiaxing:jx-u001.JX-0000042`), so it is up to 128 characters.\n",
        "type": "string",
        "minLength": 3,
        "maxLength": 161,
        "pattern": "^[a-z][a-z0-9_]{1,31}:[A-Za-z0-9._-]{1,128}$",
        "examples": [
          "jiaxing:jx-u001.JX-0000042"
        ]
      },
      "Version": {
        "description": "Monotonic per instrument; a change applies only with a greater version (gateway `Instrument.version`).",
        "type": "integer",
        "minimum": 1,
        "maximum": 9007199254740991
      },
      "CalendarDate": {
        "description": "Calendar date `YYYY-MM-DD` (China time).",
        "type": "string",
        "format": "date",
        "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
      },
      "Instant": {
        "description": "RFC 3339 date-time with offset.",
        "type": "string",
        "format": "date-time",
        "maxLength": 40
      },
      "Fen": {
        "description": "Amount of money in fen (分, 0.01 CNY), a whole number; gateway amounts are CNY with at most two decimals (× 100).",
        "type": "integer",
        "minimum": 0,
        "maximum": 1000000000000
      },
      "PlatformId": {
        "description": "Reporting platform, the region part of the instrument id (`zhejiang` = the provincial platform itself).",
        "type": "string",
        "pattern": "^[a-z][a-z0-9_]{1,31}$"
      },
      "Instrument": {
        "description": "One instrument as the provincial platform records it. Mapping to the gateway's\n`InstrumentInput` (libs/catalog/src/domain/instrument.ts), implemented by\n`toProvinceInstrument` / `fromProvinceRecord` in `@app/province-client`:\n\n| province | gateway | note |\n| --- | --- | --- |\n| (path) `instrumentId` | `id` = `<region>:<localId>` | `localId` is the part after the colon |\n| `instrumentName` | `name` | |\n| `instrumentNameEn` | `nameEn` | |\n| `specModel` | `model` | 规格型号 |\n| `manufacturerName` | `manufacturer` | |\n| `originCountry` | `countryOfOrigin` | ISO 3166-1 alpha-2 where known |\n| `mainFunctions` | `description` | 主要功能及技术指标 |\n| `classificationCode` | `categoryCode` | national classification code |\n| `originalValueFen` | `valueCny` | fen = CNY × 100 |\n| `fundingChannel` | `fundingSource` | `fiscal`↔`fiscal`, `stateCapital`↔`state_capital`, `selfRaised`↔`other` |\n| `ownerUnitCode` | `unitId` | |\n| `cityName` | `city` | e.g. `嘉兴市` |\n| `installAddress` | `address` | |\n| `geoLocation {latitude, longitude}` | `location {lat, lon}` | WGS-84 |\n| `installAcceptedOn` | `acceptanceDate` | starts the Art. 13 clock |\n| (record) `listedOn` | `provincialJoinDate` | set by the province, never pushed |\n| `iotDeviceCode` | `iotSensorId` | |\n| `serviceTypes` | `serviceModes` | `selfOperation`↔`self_operated`, `operatorAssisted`↔`operator_assisted`, `sampleTesting`↔`sample_submission` |\n| `chargeStandard` | `fee` | see ChargeStandard |\n| `confidentiality` | `confidentiality.status` | only `none` ever crosses (Art. 11) |\n| `dutyFree` | `dutyFreeImport` | see DutyFreeImport |\n| `ownerApprovalRequired` | `requiresOwnerApproval` | |\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "instrumentName",
          "classificationCode",
          "originalValueFen",
          "fundingChannel",
          "ownerUnitCode",
          "cityName",
          "serviceTypes",
          "confidentiality"
        ],
        "properties": {
          "instrumentName": {
            "description": "Instrument name in Chinese (gateway `name`).",
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "instrumentNameEn": {
            "description": "English name (gateway `nameEn`).",
            "type": "string",
            "maxLength": 200
          },
          "specModel": {
            "description": "Specification and model, 规格型号 (gateway `model`).",
            "type": "string",
            "maxLength": 200
          },
          "manufacturerName": {
            "description": "Manufacturer (gateway `manufacturer`).",
            "type": "string",
            "maxLength": 200
          },
          "originCountry": {
            "description": "Country of origin, ISO 3166-1 alpha-2 where known (gateway `countryOfOrigin`).",
            "type": "string",
            "maxLength": 200
          },
          "mainFunctions": {
            "description": "Main functions and technical specifications, 主要功能及技术指标 (gateway `description`).",
            "type": "string",
            "maxLength": 5000
          },
          "classificationCode": {
            "description": "National instrument classification code, class (2 digits) or sub-class (4 digits) (gateway `categoryCode`).",
            "type": "string",
            "pattern": "^\\d{2}(\\d{2}){0,2}$"
          },
          "originalValueFen": {
            "$ref": "#/components/schemas/Fen",
            "description": "Original value in fen, 原值 (gateway `valueCny` × 100)."
          },
          "fundingChannel": {
            "description": "Source of purchase funds (gateway `fundingSource`: `fiscal`, `state_capital`, `other`).",
            "type": "string",
            "enum": [
              "fiscal",
              "stateCapital",
              "selfRaised"
            ]
          },
          "ownerUnitCode": {
            "description": "Management unit code (gateway `unitId`).",
            "type": "string",
            "minLength": 1,
            "maxLength": 64
          },
          "ownerUnitName": {
            "description": "Management unit name; informative, the province keys units by `ownerUnitCode`.",
            "type": "string",
            "maxLength": 200
          },
          "cityName": {
            "description": "City where the instrument is installed, e.g. `嘉兴市` (gateway `city`).",
            "type": "string",
            "minLength": 1,
            "maxLength": 50
          },
          "installAddress": {
            "description": "Installation address (gateway `address`).",
            "type": "string",
            "maxLength": 300
          },
          "geoLocation": {
            "$ref": "#/components/schemas/GeoLocation"
          },
          "installAcceptedOn": {
            "$ref": "#/components/schemas/CalendarDate",
            "description": "Installation acceptance date, 验收日期 (gateway `acceptanceDate`)."
          },
          "iotDeviceCode": {
            "description": "Code of the IoT power sensor reporting usage (gateway `iotSensorId`).",
            "type": "string",
            "maxLength": 64
          },
          "serviceTypes": {
            "description": "Service modes offered (gateway `serviceModes`); may be empty while the unit defines them (Art. 13: three months).",
            "type": "array",
            "maxItems": 3,
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "selfOperation",
                "operatorAssisted",
                "sampleTesting"
              ]
            }
          },
          "chargeStandard": {
            "$ref": "#/components/schemas/ChargeStandard"
          },
          "confidentiality": {
            "description": "Confidentiality status (gateway `confidentiality.status`). Only `none` is accepted:\nconfidential or exempted instruments (Art. 11) are never sent to the province, and a\nrecord saying otherwise is refused with 400.\n",
            "type": "string",
            "enum": [
              "none"
            ]
          },
          "dutyFree": {
            "$ref": "#/components/schemas/DutyFreeImport"
          },
          "ownerApprovalRequired": {
            "description": "Bookings need the management unit's approval (gateway `requiresOwnerApproval`).",
            "type": "boolean"
          }
        }
      },
      "GeoLocation": {
        "description": "WGS-84 position (gateway `location {lat, lon}`).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "latitude",
          "longitude"
        ],
        "properties": {
          "latitude": {
            "type": "number",
            "minimum": -90,
            "maximum": 90
          },
          "longitude": {
            "type": "number",
            "minimum": -180,
            "maximum": 180
          }
        }
      },
      "ChargeStandard": {
        "description": "Structured fee standard (Art. 13, 19; gateway `fee`). Prices per `chargeUnit`; internal for\nthe owning unit, external for everyone else.\nMapping: `chargeUnit`↔`unit`, `internalPriceFen`↔`internalPriceCny` × 100,\n`externalPriceFen`↔`externalPriceCny` × 100, `tiers`↔`tiers`, `setupFeeFen`↔`setupFeeCny` × 100,\n`remark`↔`note`.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "chargeUnit",
          "internalPriceFen",
          "externalPriceFen"
        ],
        "properties": {
          "chargeUnit": {
            "type": "string",
            "enum": [
              "hour",
              "sample",
              "day",
              "item"
            ]
          },
          "internalPriceFen": {
            "$ref": "#/components/schemas/Fen"
          },
          "externalPriceFen": {
            "$ref": "#/components/schemas/Fen"
          },
          "tiers": {
            "description": "Price tiers by strictly increasing `fromQuantity`.",
            "type": "array",
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/ChargeTier"
            }
          },
          "setupFeeFen": {
            "$ref": "#/components/schemas/Fen",
            "description": "Fixed charge per booking."
          },
          "remark": {
            "type": "string",
            "maxLength": 1000
          }
        }
      },
      "ChargeTier": {
        "description": "From `fromQuantity` units on, these prices apply (gateway `FeeTier`: `fromQuantity`↔`minQuantity`).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "fromQuantity",
          "internalPriceFen",
          "externalPriceFen"
        ],
        "properties": {
          "fromQuantity": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1000000000
          },
          "internalPriceFen": {
            "$ref": "#/components/schemas/Fen"
          },
          "externalPriceFen": {
            "$ref": "#/components/schemas/Fen"
          }
        }
      },
      "DutyFreeImport": {
        "description": "Duty-free import under customs supervision (Art. 5, 12; gateway `dutyFreeImport`). Use by\nanother unit needs customs approval until `customsReleaseDate` + `supervisionYears`.\nMapping: `customsDeclarationNo`↔`declarationNo`, `customsReleaseDate`↔`releaseDate`,\n`supervisionYears`↔`supervisionYears`.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "customsDeclarationNo",
          "customsReleaseDate",
          "supervisionYears"
        ],
        "properties": {
          "customsDeclarationNo": {
            "type": "string",
            "minLength": 1,
            "maxLength": 40
          },
          "customsReleaseDate": {
            "$ref": "#/components/schemas/CalendarDate"
          },
          "supervisionYears": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10
          }
        }
      },
      "InstrumentUpsert": {
        "description": "Body of an upsert.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "version",
          "instrument"
        ],
        "properties": {
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "instrument": {
            "$ref": "#/components/schemas/Instrument"
          }
        }
      },
      "InstrumentRecord": {
        "description": "A listed instrument with the province's bookkeeping.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "instrumentId",
          "version",
          "reportedBy",
          "listedOn",
          "listedAt",
          "updatedAt",
          "instrument"
        ],
        "properties": {
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "reportedBy": {
            "$ref": "#/components/schemas/PlatformId"
          },
          "listedOn": {
            "$ref": "#/components/schemas/CalendarDate",
            "description": "Date the instrument first appeared on the provincial platform (gateway `provincialJoinDate`; Art. 13)."
          },
          "listedAt": {
            "$ref": "#/components/schemas/Instant",
            "description": "Instant the instrument first appeared on the provincial platform."
          },
          "updatedAt": {
            "$ref": "#/components/schemas/Instant"
          },
          "instrument": {
            "$ref": "#/components/schemas/Instrument"
          }
        }
      },
      "UpsertResult": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "instrumentId",
          "version",
          "applied",
          "listedOn",
          "listedAt"
        ],
        "properties": {
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId"
          },
          "version": {
            "$ref": "#/components/schemas/Version",
            "description": "The stored version after the call (the sent one if applied)."
          },
          "applied": {
            "description": "False when the sent version was not newer than the stored one (nothing changed).",
            "type": "boolean"
          },
          "listedOn": {
            "$ref": "#/components/schemas/CalendarDate",
            "description": "Date the instrument first appeared on the provincial platform (Art. 13 evidence)."
          },
          "listedAt": {
            "$ref": "#/components/schemas/Instant"
          }
        }
      },
      "WithdrawResult": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "instrumentId",
          "version",
          "applied"
        ],
        "properties": {
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId"
          },
          "version": {
            "$ref": "#/components/schemas/Version",
            "description": "The stored version after the call (the withdrawal's own version when applied)."
          },
          "applied": {
            "type": "boolean"
          },
          "withdrawnAt": {
            "$ref": "#/components/schemas/Instant",
            "description": "When the instrument was withdrawn (now, or earlier if it already was); absent when a stale withdrawal left it listed."
          }
        }
      },
      "UpsertChange": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "changeType",
          "instrumentId",
          "version",
          "changedAt",
          "reportedBy",
          "listedOn",
          "instrument"
        ],
        "properties": {
          "changeType": {
            "type": "string",
            "const": "upsert"
          },
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "changedAt": {
            "$ref": "#/components/schemas/Instant"
          },
          "reportedBy": {
            "$ref": "#/components/schemas/PlatformId"
          },
          "listedOn": {
            "$ref": "#/components/schemas/CalendarDate",
            "description": "Date the instrument first appeared on the provincial platform (gateway `provincialJoinDate`)."
          },
          "instrument": {
            "$ref": "#/components/schemas/Instrument"
          }
        }
      },
      "WithdrawChange": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "changeType",
          "instrumentId",
          "version",
          "changedAt",
          "reportedBy"
        ],
        "properties": {
          "changeType": {
            "type": "string",
            "const": "withdraw"
          },
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "changedAt": {
            "$ref": "#/components/schemas/Instant"
          },
          "reportedBy": {
            "$ref": "#/components/schemas/PlatformId"
          }
        }
      },
      "ChangeItem": {
        "description": "An upsert (the full current record) or a withdrawal (a tombstone), told apart by `changeType`.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/UpsertChange"
          },
          {
            "$ref": "#/components/schemas/WithdrawChange"
          }
        ]
      },
      "ChangePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "nextCursor",
          "hasMore"
        ],
        "properties": {
          "items": {
            "type": "array",
            "maxItems": 1000,
            "items": {
              "$ref": "#/components/schemas/ChangeItem"
            }
          },
          "nextCursor": {
            "$ref": "#/components/schemas/FeedCursor",
            "description": "Position after the last item; pass it as `cursor` to continue."
          },
          "hasMore": {
            "description": "True when more changes follow `nextCursor` right now.",
            "type": "boolean"
          }
        }
      },
      "UsageRecord": {
        "description": "Usage of one instrument on one day. Feeds the evaluation measures: effective working hours\n(`serviceHours`, or `powerOnHours` from IoT), external service hours, utilisation and\nsharing rate; a month without power-on is what the idle rule (Art. 15) looks for.\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "recordId",
          "instrumentId",
          "date",
          "powerOnHours",
          "serviceHours",
          "externalServiceHours",
          "source"
        ],
        "properties": {
          "recordId": {
            "description": "Reporter-chosen id, unique per reporter; the idempotency key.",
            "type": "string",
            "pattern": "^[A-Za-z0-9._:-]{1,128}$"
          },
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId"
          },
          "date": {
            "$ref": "#/components/schemas/CalendarDate"
          },
          "powerOnHours": {
            "description": "Hours the instrument was powered on that day (IoT sensor, or session time).",
            "type": "number",
            "minimum": 0,
            "maximum": 24
          },
          "serviceHours": {
            "description": "Effective working hours that day (from usage sessions or IoT).",
            "type": "number",
            "minimum": 0,
            "maximum": 24
          },
          "externalServiceHours": {
            "description": "Part of `serviceHours` serving users outside the owning unit; at most `serviceHours`.",
            "type": "number",
            "minimum": 0,
            "maximum": 24
          },
          "source": {
            "description": "`iot`: measured by the power sensor; `session`: from booked usage sessions.",
            "type": "string",
            "enum": [
              "iot",
              "session"
            ]
          }
        }
      },
      "UsageBatch": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "records"
        ],
        "properties": {
          "records": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1000,
            "items": {
              "$ref": "#/components/schemas/UsageRecord"
            }
          }
        }
      },
      "UsageBatchResult": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "received",
          "created",
          "duplicates"
        ],
        "properties": {
          "received": {
            "description": "Records in the batch.",
            "type": "integer",
            "minimum": 0
          },
          "created": {
            "description": "Records stored by this call.",
            "type": "integer",
            "minimum": 0
          },
          "duplicates": {
            "description": "Records already stored with the same content (replays).",
            "type": "integer",
            "minimum": 0
          }
        }
      },
      "UsageRecordList": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/UsageRecord"
            }
          }
        }
      },
      "FeedCursor": {
        "description": "Opaque feed position issued by the platform; never parse or build one.",
        "type": "string",
        "minLength": 1,
        "maxLength": 512,
        "pattern": "^[A-Za-z0-9_-]+$"
      },
      "YrdRegion": {
        "description": "A Yangtze River Delta region: the province, a city platform or a partner province.",
        "type": "string",
        "enum": [
          "zhejiang",
          "jiaxing",
          "shanghai",
          "jiangsu",
          "anhui"
        ]
      },
      "UsageSession": {
        "description": "One use of a provincial instrument: a booked window that was used (`completed`, with its\n`start` and `end`) or not (`no_show`, without either: it has no working hours). Feeds\neffective working hours (the union of session intervals, per instrument), external service\nhours (sessions whose requester is another unit than the instrument's owner: `external`)\nand fees (Art. 19). Besides the schema, `start` and `end` are present exactly when\n`outcome` is `completed`, and `start` < `end`.\nMapping to the gateway's usage session (`toUsageSessionFromProvince` in\n`@app/province-client`): source `province`, source key `id`, `instrumentId` as is (the\ncatalog's id), a requester with `requesterRegion` null is a natural person, any other a\nunit (its code may be unknown).\n",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "version",
          "instrumentId",
          "outcome",
          "requesterRegion",
          "external",
          "feeChargedFen",
          "samples"
        ],
        "properties": {
          "id": {
            "description": "The province's stable id of the session; a correction keeps it.",
            "type": "string",
            "pattern": "^[A-Za-z0-9._:-]{1,128}$"
          },
          "version": {
            "$ref": "#/components/schemas/Version",
            "description": "Monotonic per session; a correction carries a greater version."
          },
          "instrumentId": {
            "$ref": "#/components/schemas/InstrumentId",
            "description": "The instrument used, as in the change feed (`zhejiang:<localId>`)."
          },
          "start": {
            "$ref": "#/components/schemas/Instant",
            "description": "Start of use (completed sessions only)."
          },
          "end": {
            "$ref": "#/components/schemas/Instant",
            "description": "End of use, after `start` (completed sessions only)."
          },
          "outcome": {
            "type": "string",
            "enum": [
              "completed",
              "no_show"
            ]
          },
          "requesterUnitId": {
            "description": "The requesting unit's code (as `ownerUnitCode` for its own instruments); absent for a natural person or when the province does not know it.",
            "type": "string",
            "minLength": 1,
            "maxLength": 64
          },
          "requesterRegion": {
            "description": "Region of the requesting unit; null for a natural person.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/YrdRegion"
              },
              {
                "type": "null"
              }
            ]
          },
          "external": {
            "description": "True when the requester is another unit than the instrument's owning unit (a natural person always is).",
            "type": "boolean"
          },
          "feeChargedFen": {
            "$ref": "#/components/schemas/Fen",
            "description": "What the owning unit charged for the session (Art. 19); 0 for none."
          },
          "samples": {
            "description": "Samples measured; 0 when not counted and for a no-show.",
            "type": "integer",
            "minimum": 0,
            "maximum": 2147483647
          }
        }
      },
      "UsageSessionPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "nextCursor",
          "hasMore"
        ],
        "properties": {
          "items": {
            "type": "array",
            "maxItems": 1000,
            "items": {
              "$ref": "#/components/schemas/UsageSession"
            }
          },
          "nextCursor": {
            "$ref": "#/components/schemas/FeedCursor",
            "description": "Position after the last session; pass it as `cursor` to continue."
          },
          "hasMore": {
            "description": "True when more sessions follow `nextCursor` right now.",
            "type": "boolean"
          }
        }
      },
      "FieldError": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "field",
          "message"
        ],
        "properties": {
          "field": {
            "description": "Path of the failing value: a parameter name (`limit`) or a body path (`instrument.confidentiality`, `records[3].date`); `(body)` for the body itself.",
            "type": "string"
          },
          "message": {
            "type": "string"
          }
        }
      },
      "Problem": {
        "description": "RFC 9457 problem details.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "type",
          "title",
          "status",
          "code"
        ],
        "properties": {
          "type": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "code": {
            "description": "Machine-readable reason. Known codes: `VALIDATION_FAILED`, `UNAUTHENTICATED`, `FORBIDDEN`,\n`NOT_FOUND`, `WITHDRAWN`, `METHOD_NOT_ALLOWED`, `CONFLICT`, `CURSOR_EXPIRED`,\n`PAYLOAD_TOO_LARGE`, `UNSUPPORTED_MEDIA_TYPE`, `UNPROCESSABLE`, `REVIEW_REFUSED`, `RATE_LIMITED`,\n`INTERNAL`, `UNAVAILABLE`. Clients must accept codes not listed here.\n",
            "type": "string"
          },
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldError"
            }
          }
        }
      }
    }
  }
};
