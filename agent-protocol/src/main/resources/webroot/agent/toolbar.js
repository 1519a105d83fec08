// The reference agent toolbar: speaks the agent protocol (docs/agent-protocol.md) over /ws/agent.
(function () {
  "use strict";

  var PROTOCOL_VERSION = 1;
  var LANGS = ["zh-CN", "en"];
  var LANG_KEY = "cti.agent.lang";
  var CREDENTIALS_KEY = "cti.agent.credentials";
  var CLOSE_SESSION_REPLACED = 4001;
  var RECONNECT_MAX_MS = 15000;
  var CALL_STATES = ["RESERVED", "TALKING", "WRAP_UP"];

  var dict = window.CTI_I18N;
  var $ = function (id) { return document.getElementById(id); };

  var s = {
    lang: initialLang(),
    ws: null,
    nextId: 1,
    pending: {},            // request id -> callback(reply)
    loggedIn: false,
    manualLogout: false,
    replaced: false,
    reconnectDelay: 1000,
    reconnectTimer: null,
    clockOffsetMs: 0,       // server clock - local clock
    agentState: null,       // last agentState event
    call: null,             // last callOffered event
    connectedAtMs: 0,
    endedAtMs: 0,
    wrapUp: null,           // last wrapUpStarted event
    sessionId: null,        // the agent's logical session, from config: a reconnect resumes it
    lastSeq: 0,             // seq of the last event applied
    reasons: [],
    dispositions: [],
    userId: null,           // the signed-in user, from config
    access: null,           // {role, groups, clearance, takesCalls} from config, null from an older server
    customer: null,         // last customerRecord event of the current call
    lastError: null         // {code, message}
  };

  function initialLang() {
    var fromQuery = new URLSearchParams(location.search).get("lang");
    if (fromQuery && LANGS.indexOf(fromQuery) >= 0) {
      localStorage.setItem(LANG_KEY, fromQuery);
      return fromQuery;
    }
    var stored = localStorage.getItem(LANG_KEY);
    if (stored && LANGS.indexOf(stored) >= 0) {
      return stored;
    }
    return (navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh-CN" : "en";
  }

  function t(key) { return dict[s.lang][key]; }

  // ---- rendering ----

  function renderTexts() {
    document.documentElement.lang = s.lang;
    $("lang-select").value = s.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      el.textContent = t(el.getAttribute("data-i18n"));
    });
    document.title = t("title");
    renderConnection($("connection").getAttribute("data-conn"));
    renderError();
    renderState();
    renderChoices();
  }

  function renderConnection(conn) {
    var el = $("connection");
    el.setAttribute("data-conn", conn);
    el.textContent = t("conn")[conn];
  }

  function showError(code, message) {
    s.lastError = code ? { code: code, message: message } : null;
    renderError();
  }

  function renderError() {
    var el = $("error");
    if (!s.lastError) {
      el.hidden = true;
      el.textContent = "";
      el.removeAttribute("data-code");
      return;
    }
    var code = s.lastError.code;
    el.textContent = t("errors")[code] || t(code) || s.lastError.message || code;
    el.setAttribute("data-code", code);
    el.hidden = false;
  }

  function renderChoices() {
    fillSelect($("reason-select"), s.reasons.filter(function (c) { return !c.system; }), null);
    fillSelect($("disposition-select"), s.dispositions, t("chooseDisposition"));
  }

  function fillSelect(select, choices, placeholder) {
    var keep = select.value;
    select.textContent = "";
    if (placeholder) {
      select.appendChild(new Option(placeholder, ""));
    }
    choices.forEach(function (c) { select.appendChild(new Option(c.label, c.code)); });
    if (keep) { select.value = keep; }
  }

  function reasonLabel(code) {
    for (var i = 0; i < s.reasons.length; i++) {
      if (s.reasons[i].code === code) { return s.reasons[i].label; }
    }
    return code;
  }

  /** False for a supervisor's console: no calls, no agent state of its own. */
  function takesCalls() { return !s.access || s.access.takesCalls !== false; }

  function renderState() {
    var st = s.agentState ? s.agentState.state : "LOGGED_OUT";
    var calls = takesCalls();
    ["btn-ready", "reason-select", "btn-not-ready", "btn-hangup"].forEach(function (id) { $(id).hidden = !calls; });
    $("state").parentNode.hidden = !calls;
    var role = s.access ? s.access.role : "";
    $("agent-role").setAttribute("data-role", role || "");
    $("agent-role").textContent = role ? (t("roles")[role] || role) : "";
    $("login-panel").hidden = s.loggedIn;
    $("toolbar-panel").hidden = !s.loggedIn;
    var stateEl = $("state");
    stateEl.setAttribute("data-state", st);
    stateEl.textContent = t("states")[st] || st;
    $("state-reason").textContent = st === "NOT_READY" && s.agentState.reason ? reasonLabel(s.agentState.reason) : "";
    $("agent-extension").textContent = s.agentState && s.agentState.extension || "";
    $("btn-ready").disabled = st !== "NOT_READY";
    $("btn-not-ready").disabled = st !== "READY" && st !== "NOT_READY";
    $("reason-select").disabled = $("btn-not-ready").disabled;
    $("btn-hangup").disabled = st !== "RESERVED" && st !== "TALKING";
    $("btn-logout").disabled = CALL_STATES.indexOf(st) >= 0 && st !== "WRAP_UP";
    var hasCall = s.call && CALL_STATES.indexOf(st) >= 0;
    $("call-panel").hidden = !hasCall;
    $("call-status").textContent = hasCall ? t("callStatus")[st] : "";
    $("wrapup-panel").hidden = st !== "WRAP_UP";
    renderCall();
    hooks.render.forEach(function (fn) { fn(); });
    tick();
  }

  function renderCall() {
    var c = s.call;
    if (!c) { return; }
    $("pop-caller-number").textContent = c.callerNumber || "";
    $("pop-caller-name").textContent = c.callerName || "";
    $("pop-dialed-number").textContent = c.dialedNumber || "";
    $("pop-queue").textContent = c.queueName || c.queueId || "";
    $("pop-wait").textContent = clock(c.waitMs || 0);
    var body = $("pop-data").tBodies[0];
    body.textContent = "";
    fillFields(body, c.data, c.masked);
    var cust = s.customer && s.customer.callId === c.callId ? s.customer : null;
    $("pop-customer-block").hidden = !cust;
    if (cust) {
      $("pop-customer-name").textContent = cust.customerName || "";
      $("pop-customer-tier").textContent = cust.tier || "";
      fillFields($("pop-customer").tBodies[0], cust.fields, cust.masked);
    }
  }

  /** Rows of name and value; a field withheld for the agent's clearance shows its secrecy level instead. */
  function fillFields(body, shown, masked) {
    body.textContent = "";
    var all = Object.assign({}, shown || {});
    Object.keys(masked || {}).forEach(function (k) { all[k] = null; });
    Object.keys(all).sort().forEach(function (k) {
      var row = body.insertRow();
      row.insertCell().textContent = k;
      var cell = row.insertCell();
      if (all[k] === null) {
        cell.className = "masked";
        cell.setAttribute("data-level", masked[k]);
        cell.textContent = t("maskedValue").replace("{level}", masked[k]);
      } else {
        cell.textContent = all[k];
      }
    });
  }

  function clock(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, sec = total % 60;
    var mmss = (m < 10 ? "0" : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
    return h > 0 ? h + ":" + mmss : mmss;
  }

  function serverNow() { return Date.now() + s.clockOffsetMs; }

  function tick() {
    var now = serverNow();
    $("state-timer").textContent = s.agentState ? clock(now - s.agentState.sinceMs) : "";
    var st = s.agentState && s.agentState.state;
    if (s.connectedAtMs && (st === "TALKING" || st === "WRAP_UP")) {
      $("call-timer").textContent = clock((s.endedAtMs || now) - s.connectedAtMs);
    } else {
      $("call-timer").textContent = "";
    }
    var cd = $("wrapup-countdown");
    if (st === "WRAP_UP" && s.wrapUp && s.wrapUp.deadlineMs > 0) {
      cd.textContent = t("remaining") + " " + clock(s.wrapUp.deadlineMs - now);
    } else {
      cd.textContent = "";
    }
  }

  // ---- connection ----

  function connect() {
    if (s.ws && s.ws.readyState <= WebSocket.OPEN) { return; }
    renderConnection(s.loggedIn ? "reconnecting" : "connecting");
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/agent");
    s.ws = ws;
    ws.onopen = function () {
      renderConnection("online");
      s.reconnectDelay = 1000;
      var creds = storedCredentials();
      if (creds) { sendLogin(creds); }
    };
    ws.onmessage = function (e) {
      var msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      if (msg.type === "reply") { onReply(msg); } else if (msg.type === "event" && accept(msg)) { onEvent(msg); }
    };
    ws.onclose = function (e) {
      if (s.ws !== ws) { return; }
      s.ws = null;
      s.pending = {};
      renderConnection("offline");
      if (e.code === CLOSE_SESSION_REPLACED || s.replaced) {
        sessionStorage.removeItem(CREDENTIALS_KEY);
        s.loggedIn = false;
        s.agentState = null;
        showError("sessionReplaced");
        renderState();
        return;
      }
      if (!s.manualLogout && storedCredentials()) {
        renderConnection("reconnecting");
        s.reconnectTimer = setTimeout(connect, s.reconnectDelay);
        s.reconnectDelay = Math.min(RECONNECT_MAX_MS, s.reconnectDelay * 2);
      } else if (!s.loggedIn && !s.lastError) {
        showError("CONNECTION_FAILED");
      }
    };
  }

  function send(msg, onReplyFn) {
    if (!s.ws || s.ws.readyState !== WebSocket.OPEN) { return false; }
    msg.id = String(s.nextId++);
    if (onReplyFn) { s.pending[msg.id] = onReplyFn; }
    s.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Sends a request; a failed reply shows its error in the agent's language. */
  function request(msg, onOk) {
    var sent = send(msg, function (reply) {
      if (reply.ok) {
        showError(null);
        if (onOk) { onOk(reply); }
      } else {
        showError(reply.error.code, reply.error.message);
      }
    });
    if (!sent) { showError("CONNECTION_FAILED"); }
  }

  function onReply(reply) {
    var fn = reply.id != null && s.pending[reply.id];
    if (fn) {
      delete s.pending[reply.id];
      fn(reply);
    } else if (!reply.ok) {
      showError(reply.error.code, reply.error.message);
    }
  }

  function storedCredentials() {
    try { return JSON.parse(sessionStorage.getItem(CREDENTIALS_KEY)); } catch (e) { return null; }
  }

  function sendLogin(creds) {
    var login = { type: "login", version: PROTOCOL_VERSION, agentId: creds.agentId, password: creds.password,
                  extension: creds.extension, lang: s.lang };
    if (s.sessionId) {
      // after a dropped connection: the server replays what came after lastSeq (or sends a snapshot)
      login.sessionId = s.sessionId;
      login.lastSeq = s.lastSeq;
    }
    send(login, function (reply) {
      if (reply.ok) {
        s.loggedIn = true;
        s.replaced = false;
        showError(null);
        $("agent-id").textContent = creds.agentId;
        renderState();
      } else {
        if (["AUTH_FAILED", "RATE_LIMITED", "UNKNOWN_AGENT", "EXTENSION_IN_USE", "ALREADY_LOGGED_IN"]
            .indexOf(reply.error.code) >= 0) {
          sessionStorage.removeItem(CREDENTIALS_KEY);
          s.loggedIn = false;
          renderState();
        }
        showError(reply.error.code, reply.error.message);
      }
    });
  }

  // ---- events ----

  /** Drops what a resume repeats; seq 0 is a notice outside the sequence. */
  function accept(ev) {
    if (!ev.seq) { return true; }
    var sid = ev.event === "config" ? ev.sessionId : ev.event === "snapshot" && ev.config ? ev.config.sessionId : null;
    if ((sid && sid !== s.sessionId) || ev.event === "snapshot") {
      if (sid) { s.sessionId = sid; }
      s.lastSeq = ev.seq;
      return true;
    }
    if (ev.seq <= s.lastSeq) { return false; }
    s.lastSeq = ev.seq;
    return true;
  }

  function onEvent(ev) {
    switch (ev.event) {
      case "snapshot":
        s.call = null; s.wrapUp = null; s.connectedAtMs = 0; s.endedAtMs = 0;
        s.customer = null;
        ["config", "agentState", "callOffered", "callConnected", "wrapUpStarted", "customerRecord"].forEach(function (name) {
          if (ev[name]) {
            var part = Object.assign({ event: name }, ev[name]);
            onEvent(part);
          }
        });
        return;
      case "config":
        s.clockOffsetMs = ev.serverTimeMs ? ev.serverTimeMs - Date.now() : 0;
        s.reasons = ev.reasons || [];
        s.dispositions = ev.dispositions || [];
        $("agent-name").textContent = ev.agentName || "";
        s.userId = ev.agentId || s.userId;
        s.access = ev.role ? { role: ev.role, groups: ev.groups || [], clearance: ev.clearance,
                               takesCalls: ev.takesCalls !== false } : null;
        renderChoices();
        break;
      case "agentState":
        if (s.userId && ev.agentId && ev.agentId !== s.userId) {
          // another agent's state, for the supervisor view
          hooks.event.forEach(function (fn) { fn(ev); });
          return;
        }
        s.agentState = ev;
        if (CALL_STATES.indexOf(ev.state) < 0) {
          s.call = null; s.wrapUp = null; s.connectedAtMs = 0; s.endedAtMs = 0;
          $("wrapup-notes").value = "";
          $("disposition-select").value = "";
        }
        if (ev.state === "LOGGED_OUT" && takesCalls()) { s.loggedIn = false; }
        break;
      case "callOffered":
        s.call = ev; s.connectedAtMs = 0; s.endedAtMs = 0; s.wrapUp = null; s.customer = null;
        break;
      case "customerRecord":
        s.customer = ev;
        break;
      case "wrapUpExtended":
        if (s.wrapUp) { s.wrapUp = Object.assign({}, s.wrapUp, { deadlineMs: ev.deadlineMs }); }
        break;
      case "callConnected":
        s.connectedAtMs = ev.atMs;
        break;
      case "callEnded":
        s.endedAtMs = ev.atMs;
        break;
      case "wrapUpStarted":
        s.wrapUp = ev;
        break;
      case "wrapUpCompleted":
        s.wrapUp = null;
        break;
      case "sessionReplaced":
        s.replaced = true;
        break;
      default:
        // call-control and supervision events are the console's; a newer server's others are ignored
        hooks.event.forEach(function (fn) { fn(ev); });
        break;
    }
    renderState();
  }

  // ---- the console's hooks (console.js: call control and the supervisor view) ----

  var hooks = { event: [], render: [] };
  window.CTI_AGENT = {
    state: s, t: t, $: $, request: request, send: send, showError: showError, clock: clock,
    serverNow: serverNow, takesCalls: takesCalls, renderState: function () { renderState(); },
    onEvent: function (fn) { hooks.event.push(fn); }, onRender: function (fn) { hooks.render.push(fn); }
  };

  // ---- actions ----

  function wire() {
    $("lang-select").addEventListener("change", function () {
      s.lang = this.value;
      localStorage.setItem(LANG_KEY, s.lang);
      renderTexts();
      if (s.loggedIn) { send({ type: "setLang", lang: s.lang }); }
    });
    $("login-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var creds = { agentId: $("login-agent").value.trim(), password: $("login-password").value,
                    extension: $("login-extension").value.trim() };
      // kept for this tab only, so a dropped connection can sign back in by itself
      sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify(creds));
      s.sessionId = null;
      s.lastSeq = 0;
      s.manualLogout = false;
      s.replaced = false;
      showError(null);
      if (s.ws && s.ws.readyState === WebSocket.OPEN) { sendLogin(creds); } else { connect(); }
    });
    $("btn-ready").addEventListener("click", function () { request({ type: "ready" }); });
    $("btn-not-ready").addEventListener("click", function () {
      request({ type: "notReady", reason: $("reason-select").value });
    });
    $("btn-hangup").addEventListener("click", function () { request({ type: "hangup" }); });
    $("btn-wrapup-done").addEventListener("click", function () {
      var disposition = $("disposition-select").value;
      if (!disposition) { showError("chooseDisposition"); return; }
      request({ type: "completeWrapUp", disposition: disposition, notes: $("wrapup-notes").value });
    });
    $("btn-logout").addEventListener("click", function () {
      request({ type: "logout" }, function () {
        s.manualLogout = true;
        s.loggedIn = false;
        s.agentState = null;
        s.access = null;
        s.sessionId = null;
        s.lastSeq = 0;
        sessionStorage.removeItem(CREDENTIALS_KEY);
        if (s.ws) { s.ws.close(1000, "logout"); }
        renderState();
      });
    });
    setInterval(tick, 1000);
  }

  wire();
  renderTexts();
  if (storedCredentials()) { connect(); }
})();
