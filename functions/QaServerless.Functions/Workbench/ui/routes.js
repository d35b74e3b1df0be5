// Where the client finds each feature's API: one place to change when a feature's routes move.
import { api, get, post, ApiProblem } from './api.js';

const c = encodeURIComponent;
const orNull = promise => promise.catch(e => (e instanceof ApiProblem && (e.status === 404 || e.status === 405) ? null : Promise.reject(e)));
/** For extras a page can do without (audio, transcript): not there, or not for this role, is simply none. */
const optional = promise => promise.catch(e => (e instanceof ApiProblem && [401, 403, 404, 405].includes(e.status) ? null : Promise.reject(e)));
const etagOf = e => e.etag ?? e.eTag ?? `"${e.version}"`;

export const evaluationsApi = {
  base: center => `/api/centers/${c(center)}/evaluations`,

  /** The evaluation of a call: the inspector's existing one, or a new draft on the scorecard in force. */
  async openForCall(center, callId) {
    const mine = await get(this.base(center));
    const existing = mine.find(e => e.callId === callId);
    if (existing) return this.get(center, existing.evaluationId);
    const scorecardId = await scorecardsApi.inForceId(center);
    try {
      return await post(this.base(center), { callId, scorecardId });
    } catch (e) {
      // Started meanwhile (another tab): the detail names it.
      const id = e instanceof ApiProblem && e.status === 409 ? /'(ev-[^']+)'/.exec(e.problem.detail ?? '')?.[1] : null;
      if (id) return this.get(center, id);
      throw e;
    }
  },
  get(center, evaluationId) { return get(`${this.base(center)}/${c(evaluationId)}`); },
  list(center, query = {}) {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== ''));
    return get(`${this.base(center)}?${q}`);
  },
  versions(center, evaluationId) { return get(`${this.base(center)}/${c(evaluationId)}/versions`); },
  saveDraft(center, evaluation, body) {
    return api('PUT', `${this.base(center)}/${c(evaluation.evaluationId)}/draft`, body, { etag: etagOf(evaluation) });
  },
  /** submit, release, acknowledge, appeal, appeal/decision, coaching, coaching/{id}/outcome */
  act(center, evaluation, action, body = {}) {
    return api('POST', `${this.base(center)}/${c(evaluation.evaluationId)}/${action}`, body, { etag: etagOf(evaluation) });
  },
};

export const scorecardsApi = {
  version: (center, id, version) => get(`/api/centers/${c(center)}/scorecards/${c(id)}/versions/${version}`),
  /** The id of the center's scorecard in force (the first one that has a version in force). */
  async inForceId(center) {
    const cards = await get(`/api/centers/${c(center)}/scorecards`);
    for (const id of [...new Set(cards.map(x => x.scorecardId))]) {
      if (await orNull(get(`/api/centers/${c(center)}/scorecards/${c(id)}/current`))) return id;
    }
    throw new ApiProblem(404, { title: 'No scorecard in force', detail: `Center ${center} has no published scorecard in force yet.` });
  },
};

export const callsApi = {
  /** The short-lived read link of the call's recording, or null when there is none. */
  audioLink: (center, callId) => optional(get(`/api/calls/${c(center)}/${c(callId)}/audio-link`)),
  /** The call's AI analysis with gated suggestions and tags (scorers only; none yet, or not for this role: null). */
  analysis: (center, callId) => optional(get(`/api/ai/${c(center)}/calls/${c(callId)}`)),
  /** The call's masked transcript alone (for the agent of the call and the team's supervisor too), or null. */
  transcript: (center, callId) => optional(get(`/api/ai/${c(center)}/calls/${c(callId)}/transcript`)),
};

/** The first call of the person's worklist still to do, other than the one just done (null when none). */
export async function nextWorklistCall(center, doneCallId) {
  const list = await get(`/api/assignments/${c(center)}/worklist`);
  return (list.items ?? []).filter(a => a.status !== 'Completed' && a.callId !== doneCallId).sort((a, b) => a.day.localeCompare(b.day))[0] ?? null;
}

export const importsApi = {
  base: center => `/api/centers/${c(center)}/import-profiles`,
  builtIn: () => get('/api/import-profiles/built-in'),
  list(center) { return get(this.base(center)); },
  /** The center's profile, or the built-in of that id (version 0), or null. */
  find(center, id) { return orNull(get(`${this.base(center)}/${c(id)}`)); },
  /** Saves the next version; the ETag read goes in If-Match (none for a first save). */
  save(center, id, profile, etag) { return api('PUT', `${this.base(center)}/${c(id)}`, profile, { etag }); },
  /** The picked file as the request body, as it is (the dry run reads it as the import would). */
  async dryRun(center, id, file) {
    const response = await fetch(`${this.base(center)}/${c(id)}/dry-run?file=${c(file.name)}`, {
      method: 'POST', body: file, credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json', 'Content-Type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/json' },
    });
    const data = await response.json().catch(() => ({ title: `${response.status} ${response.statusText}` }));
    if (!response.ok) throw new ApiProblem(response.status, data);
    return data;
  },
};
