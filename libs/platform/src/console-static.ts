import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the API and operations: never answered with the console, so their 404s stay problem+json. */
const RESERVED = /^\/(api|health|metrics)(\/|$)/i;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  type: string;
  body: Buffer;
  gzip?: Buffer;
  /** Vite names built assets by their content hash, so they never change under a name. */
  immutable: boolean;
}

function collect(root: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.startsWith('.')) {
        const url = `/${path.relative(root, full).split(path.sep).join('/')}`;
        const ext = path.extname(entry.name).toLowerCase();
        const body = fs.readFileSync(full);
        const compressible = ['.html', '.js', '.css', '.svg', '.json', '.txt'].includes(ext) && body.length > 1024;
        assets.set(url, {
          type: TYPES[ext] ?? 'application/octet-stream',
          body,
          gzip: compressible ? gzipSync(body) : undefined,
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  return assets;
}

/**
 * The page may run only its own scripts and talk only to its own origin: a script injected into it
 * could otherwise read the bearer token the tab holds. Element Plus positions popups with inline styles.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** Types a browser runs scripts in when opened as a page: an SVG is one, whatever element embeds it elsewhere. */
const DOCUMENT_TYPES = /^(text\/html|image\/svg\+xml)/;

/** `fallback`: index.html answering a page address, which answers a 404 instead to a client not asking for HTML. */
function send(req: FastifyRequest, reply: FastifyReply, asset: Asset, fallback = false): FastifyReply {
  const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  reply
    .header('content-type', asset.type)
    .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('vary', fallback ? 'accept, accept-encoding' : 'accept-encoding');
  if (DOCUMENT_TYPES.test(asset.type)) reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('referrer-policy', 'no-referrer');
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

/**
 * Serves the web console's build at `/` when it exists: its files, and `index.html` for any
 * other page address a browser asks for (the console routes in the browser). Only GET/HEAD of
 * a page outside `/api`, `/health` and `/metrics`: the API's own 404 (problem+json) is untouched.
 * Answers whether it mounted, so the caller can say so.
 */
export function mountConsole(app: NestFastifyApplication, options: { enabled: boolean; distDir: string }): boolean {
  if (!options.enabled || !fs.existsSync(path.join(options.distDir, 'index.html'))) return false;
  const assets = collect(options.distDir);
  const index = assets.get('/index.html') as Asset;
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const pathname = decodeURIComponentSafe(req.url.split('?', 1)[0]);
    if (pathname === undefined || RESERVED.test(pathname)) return;
    const asset = assets.get(pathname);
    if (asset) return send(req, reply, asset);
    // A missing file (a stale hashed chunk, /favicon.ico) stays a 404; a page address (what a browser
    // navigates to, asking for HTML) is the console's, dots and all: instrument ids contain them.
    // `/` is the console's front door for any client (curl too): it used to be the API's 404.
    if (pathname !== '/' && (pathname.startsWith('/assets/') || !String(req.headers.accept ?? '').includes('text/html'))) return;
    return send(req, reply, index, pathname !== '/');
  });
  return true;
}

function decodeURIComponentSafe(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
