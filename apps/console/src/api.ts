import { session } from './session';

/** An answer the API refused, in the words of its problem+json document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
    readonly body: Record<string, unknown>,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface CallOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
}

let onUnauthorized: () => void = () => undefined;
/** What to do when the gateway no longer accepts the token (expired, revoked): the router signs out. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** One call to the public HTTP API with the session's token; a refusal becomes an {@link ApiError}. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  const token = session.token.value;
  if (token) headers.authorization = `Bearer ${token}`;
  // A FormData body (a spreadsheet upload) sets its own multipart content type.
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', undefined, 'NETWORK', {});
  }
  const text = await response.text();
  const body = text ? (safeJson(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(
      response.status,
      String(body.title ?? response.statusText),
      typeof body.detail === 'string' ? body.detail : undefined,
      typeof body.code === 'string' ? body.code : undefined,
      body,
    );
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { title: text.slice(0, 200) };
  }
}
