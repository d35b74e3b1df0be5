// Where the client finds each feature's API: one place to change when a feature's routes move.
import { api, get, post, ApiProblem } from './api.js';

const c = encodeURIComponent;
const orNull = promise => promise.catch(e => (e instanceof ApiProblem && (e.status === 404 || e.status === 405) ? null : Promise.reject(e)));
/** For extras a page can do without (audio, transcript): not there, or not for this role, is simply none. */
const optional = promise => promise.catch(e => (e instanceof ApiProblem && [401, 403, 404, 405].includes(e.status) ? null : Promise.reject(e)));
const etagOf = e => e.etag ?? e.eTag ?? `"${e.version}"`;

export const evaluationsApi = {
  base: center => `/api/centers/${c(center)}/evaluations`,

  /**
   * The evaluation of a call: the inspector's existing one, or a new draft on the scorecard in force the server chooses
   * for the call's channel (a chat's card for a chat, else the center's default card).
   */
  async openForCall(center, callId) {
    const mine = await get(this.base(center));
    const existing = mine.find(e => e.callId === callId);
    if (existing) return this.get(center, existing.evaluationId);
    try {
      return await post(this.base(center), { callId });
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
  /** The id of the center's scorecard in force (the first one that has a version in force; default cards, for any channel, first). */
  async inForceId(center) {
    const cards = await get(`/api/centers/${c(center)}/scorecards`);
    const forChannels = x => (x.channels?.length ? 1 : 0);
    for (const id of [...new Set([...cards].sort((x, y) => forChannels(x) - forChannels(y)).map(x => x.scorecardId))]) {
      if (await orNull(get(`/api/centers/${c(center)}/scorecards/${c(id)}/current`))) return id;
    }
    throw new ApiProblem(404, { title: 'No scorecard in force', detail: `Center ${center} has no published scorecard in force yet.` });
  },
};

export const callsApi = {
  /** The call record (its channel says whether it is a text conversation), or null when not for this person. */
  call: (center, callId) => optional(get(`/api/calls/${c(center)}/${c(callId)}`)),
  /** The short-lived read link of the call's recording, or null when there is none (never asked of a text conversation). */
  audioLink: (center, callId) => optional(get(`/api/calls/${c(center)}/${c(callId)}/audio-link`)),
  /** The call's AI analysis with gated suggestions and tags (scorers only; none yet, or not for this role: null). */
  analysis: (center, callId) => optional(get(`/api/ai/${c(center)}/calls/${c(callId)}`)),
  /** The call's masked transcript alone (for the agent of the call and the team's supervisor too), or null. */
  transcript: (center, callId) => optional(get(`/api/ai/${c(center)}/calls/${c(callId)}/transcript`)),
  /** The call record and its earlier versions (corrections the source sent), oldest first (QA leads and admins). */
  async history(center, callId) {
    const [now, before] = await Promise.all([get(`/api/calls/${c(center)}/${c(callId)}`), get(`/api/calls/${c(center)}/${c(callId)}/versions`)]);
    return [...before, now];
  },
};

/** The first call of the person's worklist still to do, other than the one just done (null when none). */
export async function nextWorklistCall(center, doneCallId) {
  const list = await get(`/api/assignments/${c(center)}/worklist`);
  return (list.items ?? []).filter(a => a.status !== 'Completed' && a.callId !== doneCallId).sort((a, b) => a.day.localeCompare(b.day))[0] ?? null;
}

/** A center's settings (issue 15 part 4). Only the sampling plan is versioned: its ETag goes back in If-Match. */
export const settingsApi = {
  centers: () => get('/api/centers'),
  center: center => get(`/api/centers/${c(center)}`),
  /** Admins only; a new id creates the center (for an admin of every center). */
  saveCenter: (center, body) => api('PUT', `/api/centers/${c(center)}`, body),
  samplingPlan: center => get(`/api/sampling/${c(center)}/plan`),
  saveSamplingPlan: (center, body, etag) => api('PUT', `/api/sampling/${c(center)}/plan`, body, { etag }),
  ai: center => get(`/api/ai/${c(center)}/settings`),
  saveAi: (center, body) => api('PUT', `/api/ai/${c(center)}/settings`, body),
  /** What the AI used on a day (yyyy-MM-dd): audio minutes against the daily budget, model calls, tokens. */
  aiUsage: (center, day) => get(`/api/ai/${c(center)}/usage?day=${c(day)}`),
  tolerance: center => get(`/api/calibration/${c(center)}/settings/tolerance`),
  saveTolerance: (center, body) => api('PUT', `/api/calibration/${c(center)}/settings/tolerance`, body),
  scoring: center => get(`/api/centers/${c(center)}/scoring-settings`),
  saveScoring: (center, body) => api('PUT', `/api/centers/${c(center)}/scoring-settings`, body),
};

/** The roster and the inspectors: read as lists, replaced row by row from a CSV (nothing is written when a row is bad). */
export const rosterApi = {
  agents: center => get(`/api/centers/${c(center)}/agents`),
  inspectors: center => get(`/api/centers/${c(center)}/inspectors`),
  uploadAgents: (center, csv) => api('PUT', `/api/centers/${c(center)}/agents`, csv, { contentType: 'text/csv' }),
  uploadInspectors: (center, csv) => api('PUT', `/api/centers/${c(center)}/inspectors`, csv, { contentType: 'text/csv' }),
};

/** What ingestion and assignment could not take: quarantined manifests, CDR files, dead-lettered assignments. */
export const quarantineApi = {
  manifests: center => get(`/api/ingest/quarantine?center=${c(center)}`),
  batches: center => get(`/api/call-batches?center=${c(center)}`),
  deadLetters: center => get(`/api/assignments/${c(center)}/dead-letters`),
};

/** A day's sampling run (yyyy-MM-dd): header and strata, and the calls it drew. */
export const samplingRunsApi = {
  run: (center, day) => get(`/api/sampling/${c(center)}/runs/${c(day)}`),
  calls: (center, day) => get(`/api/sampling/${c(center)}/runs/${c(day)}/calls`),
};

/** Calibration (docs/calibration.md, "API"), and the roster and calls its pages read. */
export const calibrationApi = {
  base: center => `/api/calibration/${c(center)}`,
  sessions(center) { return get(`${this.base(center)}/sessions`); },
  /** The session with progress; its ETag rides on `.etag` (closing sends it back). */
  session(center, id) { return get(`${this.base(center)}/sessions/${c(id)}`); },
  create(center, body) { return post(`${this.base(center)}/sessions`, body); },
  /** Blind while open: the caller's own scores only. */
  scores(center, id) { return get(`${this.base(center)}/sessions/${c(id)}/scores`); },
  score(center, id, callId, answers) { return api('PUT', `${this.base(center)}/sessions/${c(id)}/scores/${c(callId)}`, { answers }); },
  close(center, view, body) { return post(`${this.base(center)}/sessions/${c(view.session.sessionId)}/close`, body, { etag: view.etag }); },
  invite(center, view, participants) { return post(`${this.base(center)}/sessions/${c(view.session.sessionId)}/participants`, { participants }, { etag: view.etag }); },
  results(center, id) { return get(`${this.base(center)}/sessions/${c(id)}/results`); },
  suggestions(center, count = 10, days = 60) { return optional(get(`${this.base(center)}/suggestions?count=${count}&days=${days}`)); },
  tolerance(center) { return get(`${this.base(center)}/settings/tolerance`); },
  trends(center, alertsOnly = false) { return get(`${this.base(center)}/trends?alertsOnly=${alertsOnly}`); },
  trend(center, inspectorId) { return get(`${this.base(center)}/inspectors/${c(inspectorId)}/trend`); },
  /** People to invite, with their names (QA leads see the inspectors; null for others). */
  inspectors: center => optional(get(`/api/centers/${c(center)}/inspectors`)),
  agents: center => optional(get(`/api/centers/${c(center)}/agents`)),
  scorecards: center => get(`/api/centers/${c(center)}/scorecards`),
  call: (center, callId) => optional(get(`/api/calls/${c(center)}/${c(callId)}`)),
};

export const searchApi = {
  /** One page of a search (docs/data-model.md, "Search"): the filters as URLSearchParams, the page token of a previous page. */
  search(center, filters, pageToken) {
    const q = new URLSearchParams(filters);
    if (pageToken) q.set('pageToken', pageToken);
    return get(`/api/search/${c(center)}?${q}`);
  },
};

/** The scorecard builder (scorecards.js): versions to list, create, edit (If-Match), publish, retire and compare. */
export const scorecardAdminApi = {
  base: center => `/api/centers/${c(center)}/scorecards`,
  list(center) { return get(this.base(center)); },
  versions(center, id) { return get(`${this.base(center)}/${c(id)}`); },
  version(center, id, version) { return get(`${this.base(center)}/${c(id)}/versions/${c(version)}`); },
  settings: center => get(`/api/centers/${c(center)}/scoring-settings`),
  create(center, body) { return post(this.base(center), body); },
  /** A built-in template as a new draft: inbound-service, or chat-service (for the chat channel). */
  fromTemplate: (center, templateId = 'inbound-service') => post(`/api/centers/${c(center)}/scorecard-templates/${c(templateId)}`),
  nextDraft(center, id) { return post(`${this.base(center)}/${c(id)}/versions`); },
  save(center, card, etag, body) { return api('PUT', `${this.base(center)}/${c(card.scorecardId)}/versions/${card.version}`, body, { etag }); },
  publish(card, etag, body) { return api('POST', `${this.base(card.centerId)}/${c(card.scorecardId)}/versions/${card.version}/publish`, body, { etag }); },
  retire(center, card, etag) { return api('POST', `${this.base(center)}/${c(card.scorecardId)}/versions/${card.version}/retire`, {}, { etag }); },
};

// KPI trends, drill-down and targets (docs/kpis.md): a group's months or weeks, the evaluations behind a figure.
export const kpiTrendsApi = {
  trend(center, query) { return get(`/api/kpis/${c(center)}/trend?${new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== ''))}`); },
  evaluations(center, query) { return get(`/api/kpis/${c(center)}/evaluations?${new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== ''))}`); },
  /** The center's targets with their ETag (null when the reader may not see them). */
  targets: center => optional(get(`/api/kpis/${c(center)}/targets`)),
  /** The month's KPI report, one group (its scorecard versions name the items' wording). */
  monthReport: (center, month) => get(`/api/kpis/${c(center)}?month=${c(month)}&top=1`),
  saveTargets: (center, targets, etag) => api('PUT', `/api/kpis/${c(center)}/targets`, targets, { etag }),
  /** itemId → its wording, from the scorecard versions a report covers (`std@3`); the newest version's wording wins. */
  async itemTexts(center, versions) {
    const texts = {};
    const cards = await Promise.all((versions ?? []).map(v => /^(.+)@(\d+)$/.exec(v)).filter(Boolean)
      .sort((a, b) => Number(a[2]) - Number(b[2])).map(([, id, version]) => optional(scorecardsApi.version(center, id, version))));
    for (const card of cards.filter(Boolean)) for (const section of card.sections ?? []) for (const item of section.items ?? []) texts[item.itemId] = item.text;
    return texts;
  },
};

/** An evaluation's thread (docs/threads.md): comments, replies, edits and withdrawal under If-Match, a comment's versions. */
export const threadsApi = {
  base: (center, evaluationId) => `/api/centers/${c(center)}/evaluations/${c(evaluationId)}/comments`,
  list(center, evaluationId) { return get(this.base(center, evaluationId)); },
  post(center, evaluationId, body) { return post(this.base(center, evaluationId), body); },
  edit(center, comment, body) { return api('PUT', `${this.base(center, comment.evaluationId)}/${c(comment.commentId)}`, body, { etag: etagOf(comment) }); },
  withdraw(center, comment) { return api('POST', `${this.base(center, comment.evaluationId)}/${c(comment.commentId)}/withdraw`, {}, { etag: etagOf(comment) }); },
  versions(center, comment) { return get(`${this.base(center, comment.evaluationId)}/${c(comment.commentId)}/versions`); },
};

export const notificationsApi = {
  /** The person's inbox in a center: { unread, items } (only their own notifications). */
  inbox: center => get(`/api/centers/${c(center)}/notifications`),
  markRead: (center, id) => post(`/api/centers/${c(center)}/notifications/${c(id)}/read`),
  /** The center's delivery settings { webhookUrl, email, contacts: [{ recipient, email, digest }] } (QA leads, admins). */
  settings: center => get(`/api/centers/${c(center)}/notification-settings`),
  saveSettings: (center, settings) => api('PUT', `/api/centers/${c(center)}/notification-settings`, settings),
};

/** A center's tagging rules (versioned: a save is a new version) and the dry run of a set on a transcript. */
export const aiRulesApi = {
  current: center => get(`/api/ai/${c(center)}/rules`),
  version: (center, version) => get(`/api/ai/${c(center)}/rules/${c(version)}`),
  save: (center, rules) => api('PUT', `/api/ai/${c(center)}/rules`, { rules }),
  dryRun: (center, transcript, rules) => post(`/api/ai/${c(center)}/rules/dry-run`, { transcript, rules }),
  /** Queues the call's analysis again (the analyser keeps an analysis that completed). */
  analyze: (center, callId) => post(`/api/ai/${c(center)}/calls/${c(callId)}/analyze`),
};

/** One call's assignment (its ETag guards the reassignment) and moving it to another inspector. */
export const assignmentsApi = {
  get: (center, callId) => get(`/api/assignments/${c(center)}/calls/${c(callId)}`),
  reassign: (center, assignment, inspectorId) =>
    api('POST', `/api/assignments/${c(center)}/calls/${c(assignment.callId)}/reassign`, { inspectorId }, { etag: assignment.etag }),
};

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
