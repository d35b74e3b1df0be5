// The call's recording and transcript beside a scorecard: shared by the evaluation page and calibration scoring, so
// both play the same way (short-lived read link, speed, ±5 s, transcript lines that seek and follow the playback).
// A text conversation shows its thread instead (thread.js): it has no recording, and none is asked for.
import { t, extend } from './i18n.js';
import { h, toast, mmss, field, markField } from './dom.js';
import { callsApi, settingsApi } from './routes.js';
import { isTextCall, isThread, threadPanels } from './conversation.js';

extend({
  'ev.audio': ['录音', 'Recording'], 'ev.noAudio': ['此通话没有可播放的录音（或已过保留期）。', 'This call has no playable recording (or it is past retention).'],
  'ev.speed': ['倍速', 'Speed'], 'ev.transcript': ['转写', 'Transcript'], 'ev.noTranscript': ['暂无转写。', 'No transcript yet.'],
  'ev.speaker.Agent': ['座席', 'Agent'], 'ev.speaker.Customer': ['客户', 'Customer'],
  'sc.play': ['播放 / 暂停', 'Play / pause'], 'sc.skip': ['后退 / 前进 5 秒', 'Back / forward 5 s'], 'sc.speed': ['减速 / 加速', 'Slower / faster'],
});

const speeds = [1, 1.25, 1.5, 1.75, 2];

/**
 * The call's read link and transcript. With `analysis` (scorers on the evaluation page) the whole AI analysis is read
 * and its transcript used; otherwise the masked transcript alone (calibration is scored blind: no AI suggestions).
 */
export async function loadRecording(center, callId, { analysis = false } = {}) {
  // The record (is it a thread?) with the analysis or the transcript at once; the audio link only once it is known to be a call.
  const [call, found, masked] = await Promise.all([callsApi.call(center, callId),
    analysis ? callsApi.analysis(center, callId) : null, analysis ? null : callsApi.transcript(center, callId)]);
  const transcript = found?.transcript ?? masked ?? (analysis && isTextCall(call) ? await callsApi.transcript(center, callId) : null);
  // A thread by its record, or by its messages when the record is not this person's to read (a calibration guest).
  if (isTextCall(call) || isThread(transcript)) {
    const place = await settingsApi.center(center).catch(() => null);
    return { call, thread: true, analysis: found, transcript, zone: place?.timeZone ?? null };
  }
  return { call, audio: await callsApi.audioLink(center, callId), analysis: found, transcript };
}

/** The player panel and the transcript panel of a loaded recording (or a text conversation's thread), with the actions the page's keys call. */
export function recordingPanels(recording) {
  if (recording.thread) return threadPanels(recording);
  const { audio, transcript } = recording;
  const url = audio?.url ?? audio?.uri;
  const player = h('audio', { controls: true, preload: 'metadata', src: url, 'aria-label': t('ev.audio') });
  const speed = h('select', { id: 'speed', style: 'width:6rem' }, speeds.map(s => h('option', { value: s }, `${s}×`)));
  speed.addEventListener('change', () => { player.playbackRate = Number(speed.value); });
  const setSpeed = step => {
    const i = Math.min(speeds.length - 1, Math.max(0, speeds.indexOf(player.playbackRate) + step));
    player.playbackRate = speeds[i]; speed.value = String(speeds[i]); toast(`${speeds[i]}×`);
  };
  const seek = s => { player.currentTime = Math.max(0, s); };
  const hear = s => { seek(s); player.play().catch(() => {}); };

  const lines = transcript?.segments ?? transcript?.lines ?? (Array.isArray(transcript) ? transcript : []);
  const transcriptLines = lines.map(line => {
    const start = Number(line.start ?? line.startSeconds ?? line.startSecond ?? line.at ?? 0);
    return h('button', { type: 'button', dataset: { start }, onclick: () => hear(start) },
      h('span', { class: 'time' }, mmss(start)), line.speaker ? `${t(`ev.speaker.${line.speaker}`)}: ` : '', line.text);
  });
  player.addEventListener('timeupdate', () => {
    let now = null;
    for (const b of transcriptLines) if (Number(b.dataset.start) <= player.currentTime) now = b;
    transcriptLines.forEach(b => b.classList.toggle('now', b === now));
  });

  /** The player's keys (p, h, l, <, >): true when the key was one of them. */
  const handleKey = key => {
    switch (key) {
      case 'p': if (player.paused) player.play().catch(() => {}); else player.pause(); return true;
      case 'h': seek(player.currentTime - 5); return true;
      case 'l': seek(player.currentTime + 5); return true;
      case '<': case ',': setSpeed(-1); return true;
      case '>': case '.': setSpeed(1); return true;
      default: return false;
    }
  };
  return {
    player, seek, hear, handleKey, where: momentField(player, seek),
    shortcuts: [['p', t('sc.play')], ['h / l', t('sc.skip')], ['< / >', t('sc.speed')]],
    playerPanel: h('div', { class: 'panel player' }, h('h2', {}, t('ev.audio')), url ? player : h('p', {}, t('ev.noAudio')),
      h('div', { class: 'row' }, h('label', { for: 'speed' }, t('ev.speed')), speed)),
    transcriptPanel: h('div', { class: 'panel' }, h('h2', {}, t('ev.transcript')),
      transcriptLines.length ? h('div', { class: 'transcript', id: 'transcript' }, transcriptLines) : h('p', { class: 'muted' }, t('ev.noTranscript'))),
  };
}

/** The problem form's "when" for a call: the moment as mm:ss, taken from the playback when the form opens. */
function momentField(player, seek) {
  const moment = h('input', { name: 'moment', style: 'width:6rem', pattern: '\\d{1,3}:[0-5]\\d', title: t('ev.momentFormat'), required: true, autocomplete: 'off' });
  const stamp = h('button', { type: 'button', class: 'secondary', id: 'stamp', onclick: () => { moment.value = mmss(Math.floor(player.currentTime || 0)); } }, t('ev.stamp'));
  const secondsOf = text => { const m = /^(\d{1,3}):([0-5]\d)$/.exec(String(text).trim()); return m ? Number(m[1]) * 60 + Number(m[2]) : null; };
  return {
    controls: [field(t('ev.moment'), moment), stamp],
    open() { moment.value = mmss(Math.floor(player.currentTime || 0)); },
    read() {
      const at = secondsOf(moment.value);
      if (at == null) { markField(moment, t('ev.momentFormat')).focus(); return null; }
      return { atSecond: at };
    },
    label: p => mmss(p.atSecond), goLabel: p => t('ev.seekTo', mmss(p.atSecond)), go: p => seek(p.atSecond),
  };
}
