// Where the client finds each feature's API: one place to change when a feature's routes move.
import { api, get, post, ApiProblem } from './api.js';

const c = encodeURIComponent;
const orNull = promise => promise.catch(e => (e instanceof ApiProblem && (e.status === 404 || e.status === 405) ? null : Promise.reject(e)));

export const evaluationsApi = {
  base: center => `/api/centers/${c(center)}/evaluations`,

  /** The evaluation of a call: the existing one, or a new draft started from the call's assignment. */
  async openForCall(center, callId) {
    const existing = await orNull(get(`${this.base(center)}/by-call/${c(callId)}`));
    if (existing) return existing;
    return post(this.base(center), { callId });
  },
  async get(center, evaluationId) { return get(`${this.base(center)}/${c(evaluationId)}`); },
  async scorecardFor(center, evaluation) {
    return get(`/api/centers/${c(center)}/scorecards/${c(evaluation.scorecardId)}/versions/${evaluation.scorecardVersion}`);
  },
  async save(center, evaluation, body) {
    return api('PUT', `${this.base(center)}/${c(evaluation.evaluationId)}`, body, { etag: evaluation.etag ?? `"${evaluation.version}"` });
  },
  async submit(center, evaluation) {
    return api('POST', `${this.base(center)}/${c(evaluation.evaluationId)}/submit`, {}, { etag: evaluation.etag ?? `"${evaluation.version}"` });
  },
  async list(center, query) { return get(`${this.base(center)}?${new URLSearchParams(query)}`); },
  async act(center, evaluation, action, body = {}) {
    return api('POST', `${this.base(center)}/${c(evaluation.evaluationId)}/${action}`, body, { etag: evaluation.etag ?? `"${evaluation.version}"` });
  },
};

export const callsApi = {
  /** The short-lived read link of the call's recording, or null when there is none. */
  audioLink: (center, callId) => orNull(get(`/api/calls/${c(center)}/${c(callId)}/audio`)),
  transcript: (center, callId) => orNull(get(`/api/ai/${c(center)}/calls/${c(callId)}/transcript`)),
};
