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

export const notificationsApi = {
  /** The person's inbox in a center: { unread, items } (only their own notifications). */
  inbox: center => get(`/api/centers/${c(center)}/notifications`),
  markRead: (center, id) => post(`/api/centers/${c(center)}/notifications/${c(id)}/read`),
};
