// The API client: same-origin fetch (the development cookie or Easy Auth rides along), problem details as errors.
import { t } from './i18n.js';

export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API. Returns parsed JSON (or null), the response's ETag on `.etag` when the body is an object.
 * With `contentType` the body is sent as it is (a CSV upload as text/csv), else as JSON. */
export async function api(method, path, body, { etag, raw, contentType } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  if (etag) headers['If-Match'] = etag;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined || contentType ? body : JSON.stringify(body), credentials: 'same-origin' });
  } catch (e) {
    throw new ApiProblem(0, { title: t('networkError'), detail: String(e.message || e) });
  }
  if (raw && response.ok) return response;
  const type = response.headers.get('Content-Type') || '';
  const text = await response.text();
  let data = null;
  if (text && type.includes('json')) { try { data = JSON.parse(text); } catch { data = null; } }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data
      : { title: `${response.status} ${response.statusText}`, status: response.status, detail: text && !type.includes('html') ? text.slice(0, 300) : undefined };
    throw new ApiProblem(response.status, problem);
  }
  if (data && typeof data === 'object' && response.headers.get('ETag')) Object.defineProperty(data, 'etag', { value: response.headers.get('ETag'), enumerable: false });
  return data;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body ?? {}, options);
export const put = (path, body, options) => api('PUT', path, body, options);

/** Tries paths in turn and returns the first that exists: the features settle their routes while the client is built. */
export async function firstAvailable(paths) {
  let last;
  for (const path of paths) {
    try { return { path, data: await get(path) }; } catch (e) { last = e; if (!(e instanceof ApiProblem) || (e.status !== 404 && e.status !== 405)) throw e; }
  }
  throw last;
}
