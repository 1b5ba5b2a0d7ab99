import { Reflector } from '@nestjs/core';
import type { HttpAdapterHost } from '@nestjs/core';
import { API_PREFIX } from '@app/platform';
import type { RateLimiter } from '@app/rate-limit';
import Fastify from 'fastify';
import { SearchFastPath } from './search-fast-path';
import type { SearchResponseCache } from './search-response-cache';

/**
 * The anonymous search hook stands in for Nest's pipeline: each request must
 * be counted against the rate limit exactly once and answered by the hook,
 * even when a repeat's kept input was evicted between the look and the answer
 * (passing it on to Nest would count it a second time in the interceptor).
 */
async function setUp(responses: Partial<SearchResponseCache>) {
  const fastify = Fastify();
  const counted: string[] = [];
  let passedOn = 0;
  fastify.get(`/${API_PREFIX}/instruments`, async () => {
    passedOn++;
    return { from: 'nest' };
  });
  const limiter = { consume: async (policy: string) => void counted.push(policy) } as unknown as RateLimiter;
  const adapterHost = { httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost;
  new SearchFastPath(adapterHost, responses as SearchResponseCache, new Reflector(), limiter).onModuleInit();
  await fastify.ready();
  return { fastify, counted, passedOn: () => passedOn };
}

describe('SearchFastPath', () => {
  it('answers a repeat whose kept input was evicted meanwhile itself, counted once', async () => {
    const answered: string[] = [];
    const { fastify, counted, passedOn } = await setUp({
      isRepeat: () => true,
      repeat: async () => undefined,
      respond: async (input) => {
        answered.push(input.q ?? '');
        return Buffer.from('{"items":[]}');
      },
    });
    const reply = await fastify.inject({ method: 'GET', url: `/${API_PREFIX}/instruments?q=质谱` });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ items: [] });
    expect(answered).toEqual(['质谱']);
    expect(counted).toEqual(['search']);
    expect(passedOn()).toBe(0);
    await fastify.close();
  });

  it('answers a kept repeat without checking the query again, counted once', async () => {
    const { fastify, counted, passedOn } = await setUp({
      isRepeat: () => true,
      repeat: async () => Buffer.from('{"items":[],"kept":true}'),
      respond: async () => {
        throw new Error('a kept repeat is not computed again');
      },
    });
    const reply = await fastify.inject({ method: 'GET', url: `/${API_PREFIX}/instruments?q=质谱` });
    expect(reply.json()).toEqual({ items: [], kept: true });
    expect(counted).toEqual(['search']);
    expect(passedOn()).toBe(0);
    await fastify.close();
  });

  it('leaves a request with credentials to Nest, uncounted here', async () => {
    const { fastify, counted, passedOn } = await setUp({ isRepeat: () => false });
    const reply = await fastify.inject({ method: 'GET', url: `/${API_PREFIX}/instruments?q=x`, headers: { authorization: 'Bearer t' } });
    expect(reply.json()).toEqual({ from: 'nest' });
    expect(counted).toEqual([]);
    expect(passedOn()).toBe(1);
    await fastify.close();
  });
});
