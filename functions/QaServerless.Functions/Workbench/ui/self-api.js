// Where the client finds the self-evaluation API (SelfEvaluations/SelfEvaluationsApi.cs, docs/self-evaluation.md).
import { api, get, post, ApiProblem } from './api.js';

const c = encodeURIComponent;
const base = center => `/api/self-evaluations/${c(center)}`;
/** Not there (no self-evaluation, not released yet) or not for this role: none, and the page does without. */
const optional = promise => promise.catch(e => (e instanceof ApiProblem && [403, 404].includes(e.status) ? null : Promise.reject(e)));

export const selfApi = {
  settings: center => get(`${base(center)}/settings`),
  saveSettings: (center, body, etag) => api('PUT', `${base(center)}/settings`, body, { etag }),
  mine: center => get(`${base(center)}/mine`),
  get: (center, callId) => get(`${base(center)}/calls/${c(callId)}`),
  versions: (center, callId) => optional(get(`${base(center)}/calls/${c(callId)}/versions`)),
  saveDraft: (center, self, body) => api('PUT', `${base(center)}/calls/${c(self.callId)}/draft`, body, { etag: `"${self.version}"` }),
  submit: (center, self) => post(`${base(center)}/calls/${c(self.callId)}/submit`, {}, { etag: `"${self.version}"` }),
  comparison: (center, callId) => optional(get(`${base(center)}/calls/${c(callId)}/comparison`)),
  gaps: (center, month, groupBy) => optional(get(`${base(center)}/gaps?${new URLSearchParams(Object.entries({ month, groupBy }).filter(([, v]) => v))}`)),
};
