/* The wallboard: renders the statistics stream (/api/queues/stream) and ticks times between pushes. */
(function () {
  'use strict';

  var STREAM_URL = '/api/queues/stream';
  var LANG_KEY = 'wallboard.lang';
  var DEFAULT_LANG = 'zh-CN';
  var RECONNECT_MS = 3000;
  // the server pushes at least once a second: this long without a frame means the data is old
  var STALE_MS = 5000;
  var TICK_MS = 250;
  var STATE_ORDER = ['RESERVED', 'TALKING', 'WRAP_UP', 'READY', 'NOT_READY', 'LOGGED_OUT'];

  var I18N = window.WALLBOARD_I18N;
  var params = new URLSearchParams(window.location.search);
  var slTarget = numberParam('slTarget', 80);

  var lang = DEFAULT_LANG;
  var snapshot = null;
  var receivedAt = 0;
  var lastFrameAt = 0;
  var conn = 'connecting';
  var tiles = new Map();

  var queuesEl = document.getElementById('queues');
  var rowsEl = document.getElementById('agent-rows');
  var tileTemplate = document.getElementById('queue-tile');

  function numberParam(name, fallback) {
    var v = parseFloat(params.get(name));
    return isFinite(v) ? v : fallback;
  }

  // ---- language ----

  function normalizeLang(tag) {
    if (!tag) return null;
    var t = String(tag).toLowerCase();
    if (t.indexOf('zh') === 0) return 'zh-CN';
    if (t.indexOf('en') === 0) return 'en';
    return null;
  }

  function storedLang() {
    try { return localStorage.getItem(LANG_KEY); } catch (e) { return null; }
  }

  function initialLang() {
    return normalizeLang(params.get('lang'))
      || normalizeLang(storedLang())
      || normalizeLang(navigator.languages && navigator.languages[0])
      || normalizeLang(navigator.language)
      || DEFAULT_LANG;
  }

  function t(key, vars) {
    var text = I18N[lang][key];
    if (text === undefined) text = I18N[DEFAULT_LANG][key];
    if (text === undefined) return key;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (m, name) {
        return vars[name] === undefined ? m : String(vars[name]);
      });
    }
    return text;
  }

  function has(key) {
    return I18N[lang][key] !== undefined || I18N[DEFAULT_LANG][key] !== undefined;
  }

  /** Fills every [data-i18n] element under root; data-* attributes other than i18n are the variables. */
  function applyTexts(root) {
    root.querySelectorAll('[data-i18n]').forEach(function (el) {
      setText(el, t(el.dataset.i18n, el.dataset));
    });
  }

  function setLanguage(next, remember) {
    lang = I18N[next] ? next : DEFAULT_LANG;
    document.documentElement.lang = lang;
    if (remember) {
      try { localStorage.setItem(LANG_KEY, lang); } catch (e) { /* private mode: not remembered */ }
    }
    document.querySelectorAll('#lang-switch button').forEach(function (b) {
      setText(b, I18N[b.dataset.lang].langName);
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    });
    document.getElementById('lang-switch').setAttribute('aria-label', t('langSwitch'));
    applyTexts(document);
    setConnection(conn);
    if (snapshot) renderAgents();
    tick();
  }

  // ---- formatting ----

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  /** mm:ss, or h:mm:ss from an hour on. */
  function duration(ms) {
    if (ms === null || ms === undefined || !isFinite(ms) || ms < 0) return '—';
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return (h > 0 ? h + ':' + pad(m) : pad(m)) + ':' + pad(s % 60);
  }

  function percent(p) {
    // floored so that a figure shown as the target really is at or over it
    return p === null || p === undefined ? '—' : Math.floor(p) + '%';
  }

  function sinceReceipt() {
    return Math.max(0, performance.now() - receivedAt);
  }

  // ---- queues ----

  function field(root, name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function createTile(queueId) {
    var tile = tileTemplate.content.firstElementChild.cloneNode(true);
    tile.dataset.queue = queueId;
    tile.id = 'queue-' + queueId;
    field(tile, 'serviceLevelTarget').dataset.pct = String(slTarget);
    applyTexts(tile);
    tiles.set(queueId, tile);
    return tile;
  }

  function renderQueues() {
    var seen = new Set();
    snapshot.queues.forEach(function (q) {
      seen.add(q.queueId);
      var tile = tiles.get(q.queueId) || createTile(q.queueId);
      queuesEl.appendChild(tile); // keeps the server's order
      var a = q.agents || {};
      setText(field(tile, 'name'), q.name || q.queueId);
      setText(field(tile, 'waiting'), String(q.waiting));
      setText(field(tile, 'offered'), String(q.offered));
      setText(field(tile, 'answered'), String(q.answered));
      setText(field(tile, 'abandoned'), String(q.abandoned));
      setText(field(tile, 'serviceLevel'), percent(q.serviceLevelPercent));
      setText(field(tile, 'asa'), duration(q.averageSpeedOfAnswerMs));
      setText(field(tile, 'aht'), duration(q.averageHandleTimeMs));
      setText(field(tile, 'ready'), String(a.ready));
      setText(field(tile, 'reserved'), String(a.reserved));
      setText(field(tile, 'talking'), String(a.talking));
      setText(field(tile, 'wrapUp'), String(a.wrapUp));
      setText(field(tile, 'notReady'), String(a.notReady));
      setText(field(tile, 'loggedIn'), String(a.loggedIn));
      var label = field(tile, 'serviceLevelLabel');
      if (label.dataset.sec !== String(q.serviceLevelThresholdSec)) {
        label.dataset.sec = String(q.serviceLevelThresholdSec);
        setText(label, t('serviceLevel', label.dataset));
      }
      tile.dataset.sl = serviceLevelCue(q.serviceLevelPercent);
    });
    tiles.forEach(function (tile, id) {
      if (!seen.has(id)) {
        tile.remove();
        tiles.delete(id);
      }
    });
    document.getElementById('no-queues').hidden = snapshot.queues.length > 0;
  }

  function serviceLevelCue(p) {
    if (p === null || p === undefined) return 'none';
    if (p >= slTarget) return 'ok';
    return p >= slTarget - 10 ? 'warn' : 'bad';
  }

  /** Longest wait grows between pushes while calls wait; so does its colour cue. */
  function tickQueues(elapsed) {
    snapshot.queues.forEach(function (q) {
      var tile = tiles.get(q.queueId);
      if (!tile) return;
      var wait = q.waiting > 0 ? q.longestWaitMs + elapsed : 0;
      setText(field(tile, 'longestWait'), duration(wait));
      var limitMs = q.serviceLevelThresholdSec * 1000;
      var cue = q.waiting === 0 || limitMs <= 0 ? 'ok' : wait > limitMs ? 'bad' : wait > limitMs / 2 ? 'warn' : 'ok';
      if (tile.dataset.wait !== cue) tile.dataset.wait = cue;
    });
  }

  // ---- agents ----

  function stateRank(state) {
    var i = STATE_ORDER.indexOf(state);
    return i < 0 ? STATE_ORDER.length : i;
  }

  function reasonText(a) {
    if (!a.reason) return '';
    if (has('reason.' + a.reason)) return t('reason.' + a.reason);
    return a.reasonLabel || a.reason;
  }

  function renderAgents() {
    var agents = snapshot.agents.filter(function (a) { return a.state !== 'LOGGED_OUT'; });
    agents.sort(function (x, y) {
      return stateRank(x.state) - stateRank(y.state) || String(x.name).localeCompare(String(y.name), lang);
    });
    var frag = document.createDocumentFragment();
    agents.forEach(function (a) {
      var row = document.createElement('tr');
      row.dataset.agent = a.id;
      row.dataset.state = a.state;
      row.dataset.base = a.sinceEpochMs > 0 ? String(snapshot.takenAtEpochMs - a.sinceEpochMs) : '';
      row.appendChild(cell('name', a.name || a.id));
      var state = cell('state', '');
      var pill = document.createElement('span');
      pill.className = 'pill state-' + a.state;
      pill.textContent = has('state.' + a.state) ? t('state.' + a.state) : a.state;
      state.appendChild(pill);
      row.appendChild(state);
      row.appendChild(cell('reason', reasonText(a)));
      var time = cell('time', '');
      time.className = 'num';
      row.appendChild(time);
      frag.appendChild(row);
    });
    rowsEl.replaceChildren(frag);
    document.getElementById('no-agents').hidden = agents.length > 0;
  }

  function cell(name, text) {
    var td = document.createElement('td');
    td.dataset.field = name;
    td.textContent = text;
    return td;
  }

  function tickAgents(elapsed) {
    rowsEl.querySelectorAll('tr').forEach(function (row) {
      var base = row.dataset.base;
      setText(row.lastElementChild, base === '' ? '—' : duration(Number(base) + elapsed));
    });
  }

  // ---- stream and ticking ----

  function render(data) {
    var now = performance.now();
    // the same snapshot pushed again must not restart the local clock of waits and states
    var same = snapshot && snapshot.sequence === data.sequence && snapshot.takenAtEpochMs === data.takenAtEpochMs;
    lastFrameAt = now;
    if (!same) {
      receivedAt = now;
      snapshot = data;
      document.body.dataset.sequence = String(data.sequence);
      renderQueues();
      renderAgents();
    }
    tick();
  }

  function tick() {
    setText(document.getElementById('clock'),
      new Date().toLocaleTimeString(lang, { hour12: false }));
    if (conn === 'live' && performance.now() - lastFrameAt > STALE_MS) setConnection('disconnected');
    if (!snapshot) return;
    var elapsed = sinceReceipt();
    tickQueues(elapsed);
    tickAgents(elapsed);
  }

  function setConnection(next) {
    conn = next;
    var el = document.getElementById('connection');
    el.dataset.state = next;
    setText(el, t('conn.' + next));
    document.body.dataset.conn = next;
  }

  function connect() {
    // after a drop, keep saying "disconnected" until data flows again
    if (conn !== 'disconnected') setConnection('connecting');
    var source = new EventSource(STREAM_URL);
    source.addEventListener('stats', function (e) {
      setConnection('live');
      render(JSON.parse(e.data));
    });
    source.onerror = function () {
      setConnection('disconnected');
      // EventSource retries by itself, except after a refused response (e.g. 503): then start anew
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, RECONNECT_MS);
      }
    };
  }

  document.querySelectorAll('#lang-switch button').forEach(function (b) {
    b.addEventListener('click', function () { setLanguage(b.dataset.lang, true); });
  });
  setLanguage(initialLang(), false);
  connect();
  setInterval(tick, TICK_MS);
})();
