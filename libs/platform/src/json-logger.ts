import type { LoggerService } from '@nestjs/common';
import { currentRequestId } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const NEST_BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** One JSON object per line on stdout: what log shippers and `jq` want. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly minLevel: Level | 'silent' = 'info',
    private readonly out: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  log(message: unknown, context?: string): void {
    // Nest's per-module and per-route boot lines drown the useful ones at info.
    this.write(context && NEST_BOOT_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.write('error', message, context ?? stackOrContext, context ? stackOrContext : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  /** Lets hot paths skip building a line nobody will read. */
  enabled(level: Level): boolean {
    return RANK[level] >= RANK[this.minLevel];
  }

  event(level: Level, msg: string, fields: Record<string, unknown>): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    this.out(`${JSON.stringify({ level, time: new Date().toISOString(), msg, requestId: currentRequestId(), ...fields })}\n`);
  }

  private write(level: Level, message: unknown, context?: string, stack?: string): void {
    const msg = typeof message === 'string' ? message : message instanceof Error ? message.message : JSON.stringify(message);
    this.event(level, msg, { context, stack });
  }
}
