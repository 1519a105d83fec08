// Call control (hold, transfer, consultation, conference, recording, DTMF, dial, callback, wrap-up time) and the
// supervisor view of the reference toolbar. Builds on toolbar.js through window.CTI_AGENT.
(function () {
  "use strict";

  var A = window.CTI_AGENT;
  var $ = A.$, t = A.t, s = A.state;
  var DTMF_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
  var REFRESH_MS = 5000;
  var EXTEND_SECONDS = 60;

  var c = {
    held: false,
    consult: null,          // last consultChanged event of the current call
    recording: "",          // last recording action of the current call
    callId: null,
    agents: {},             // supervisor view: agentId -> agent (from listAgents, updated by events)
    queues: [],
    refreshTimer: null,
    preview: null,          // the pending previewOffered event, if any
    previewTimer: null
  };

  function isSupervisorView() { return s.loggedIn && s.access && s.access.role !== "agent"; }

  function manages() { return s.access && (s.access.role === "supervisor" || s.access.role === "admin"); }

  // ---- call control ----

  function renderCallControl() {
    var st = s.agentState ? s.agentState.state : "LOGGED_OUT";
    var calls = s.loggedIn && A.takesCalls() && st !== "LOGGED_OUT";
    if (s.call && s.call.callId !== c.callId) {
      c.callId = s.call.callId; c.held = false; c.consult = null; c.recording = "";
    }
    var talking = st === "TALKING";
    var consulting = !!(c.consult && (c.consult.state === "RINGING" || c.consult.state === "CONNECTED"));
    $("callcontrol-panel").hidden = !calls;
    $("outbound-panel").hidden = !calls;
    $("preview-card").hidden = !calls || !c.preview;
    $("btn-answer").disabled = st !== "RESERVED";
    $("btn-hold").hidden = c.held;
    $("btn-resume").hidden = !c.held;
    $("btn-hold").disabled = !talking;
    $("btn-resume").disabled = !talking;
    $("hold-indicator").hidden = !(talking && c.held);
    $("btn-transfer").disabled = !talking;
    $("btn-consult").disabled = !talking || consulting;
    $("btn-complete-transfer").disabled = !consulting;
    $("btn-cancel-consult").disabled = !consulting;
    $("btn-conference").disabled = !(c.consult && c.consult.state === "CONNECTED");
    var cs = $("consult-state");
    cs.setAttribute("data-consult", talking && c.consult ? c.consult.state : "");
    cs.textContent = talking && c.consult ? (t("consultStates")[c.consult.state] || c.consult.state) : "";
    ["btn-record-start", "btn-record-pause", "btn-record-resume", "btn-record-stop"].forEach(function (id) {
      $(id).disabled = !talking;
    });
    var rs = $("recording-state");
    rs.setAttribute("data-recording", c.recording);
    rs.textContent = talking && c.recording ? t("recordingStates")[c.recording] || c.recording : "";
    document.querySelectorAll("#dtmf-pad button").forEach(function (b) { b.disabled = !talking; });
    $("btn-extend-wrapup").hidden = !(st === "WRAP_UP" && s.wrapUp && s.wrapUp.deadlineMs > 0);
  }

  function onCallEvent(ev) {
    switch (ev.event) {
      case "holdChanged":
        if (ev.agentId === s.userId) { c.held = ev.held; }
        break;
      case "consultChanged":
        if (ev.agentId === s.userId) { c.consult = ev; }
        break;
      case "conferenceStarted":
        if (ev.agentId === s.userId && c.consult) { c.consult = Object.assign({}, c.consult, { state: "CONFERENCED" }); }
        break;
      case "recordingChanged":
        if (ev.agentId === s.userId) { c.recording = ev.action; }
        break;
      case "outboundCall":
        if (ev.agentId === s.userId) {
          $("outbound-state").textContent = ev.number + " " + (t("outboundStates")[ev.state] || ev.state);
        }
        break;
      case "callbackScheduled":
        if (ev.agentId === s.userId) {
          $("callback-done").textContent = t("callbackBooked") + " " + new Date(ev.dueMs).toLocaleString(s.lang);
        }
        break;
      case "previewOffered":
        if (ev.agentId === s.userId) { showPreview(ev); }
        break;
      case "previewEnded":
        if (ev.agentId === s.userId) { endPreview(ev); }
        break;
      case "dtmf":
        $("dtmf-sent").textContent = t("callerPressed") + " " + ev.digit;
        break;
      default:
        break;
    }
    onSupervisedEvent(ev);
  }

  // ---- preview calls ----

  function showPreview(ev) {
    c.preview = ev;
    $("preview-number").textContent = ev.number || "";
    $("preview-note").textContent = ev.note || "";
    $("preview-skip-reason").value = "";
    $("preview-result").textContent = "";
    $("btn-preview-accept").disabled = false;
    $("btn-preview-skip").disabled = false;
    $("preview-card").hidden = false;
    if (c.previewTimer) { clearInterval(c.previewTimer); }
    tickPreview();
    c.previewTimer = setInterval(tickPreview, 1000);
  }

  function tickPreview() {
    if (!c.preview) { return; }
    var left = Math.max(0, Math.round((c.preview.deadlineMs - Date.now()) / 1000));
    $("preview-countdown").textContent = left + " s";
  }

  function endPreview(ev) {
    if (c.preview && c.preview.previewId !== ev.previewId) { return; }
    c.preview = null;
    if (c.previewTimer) { clearInterval(c.previewTimer); c.previewTimer = null; }
    $("preview-card").hidden = true;
    var text = t("previewOutcomes")[ev.outcome] || ev.outcome;
    if (ev.outcome !== "ACCEPTED") {
      text += ev.retryMs > 0
        ? t("previewRetry").replace("{time}", new Date(ev.retryMs).toLocaleString(s.lang))
        : t("previewDropped");
    }
    $("preview-result").textContent = text;
  }

  function wirePreview() {
    $("btn-preview-accept").addEventListener("click", function () {
      if (!c.preview) { return; }
      A.request({ type: "acceptPreview", previewId: c.preview.previewId });
    });
    $("btn-preview-skip").addEventListener("click", function () {
      if (!c.preview) { return; }
      var msg = { type: "skipPreview", previewId: c.preview.previewId };
      var reason = $("preview-skip-reason").value.trim();
      if (reason) { msg.reason = reason; }
      A.request(msg);
    });
  }

  function buildPad() {
    var pad = $("dtmf-pad");
    DTMF_KEYS.forEach(function (k) {
      var b = document.createElement("button");
      b.type = "button";
      b.id = "dtmf-" + (k === "*" ? "star" : k === "#" ? "hash" : k);
      b.textContent = k;
      b.addEventListener("click", function () {
        A.request({ type: "sendDtmf", digits: k }, function () { $("dtmf-sent").textContent = t("sent") + " " + k; });
      });
      pad.appendChild(b);
    });
  }

  function target() {
    return { targetKind: $("transfer-kind").value, target: $("transfer-target").value.trim() };
  }

  function wireCallControl() {
    $("btn-answer").addEventListener("click", function () { A.request({ type: "answer" }); });
    $("btn-hold").addEventListener("click", function () { A.request({ type: "hold" }); });
    $("btn-resume").addEventListener("click", function () { A.request({ type: "resume" }); });
    $("btn-transfer").addEventListener("click", function () {
      A.request(Object.assign({ type: "transfer" }, target()));
    });
    $("btn-consult").addEventListener("click", function () {
      A.request(Object.assign({ type: "consult" }, target()));
    });
    $("btn-complete-transfer").addEventListener("click", function () { A.request({ type: "completeTransfer" }); });
    $("btn-cancel-consult").addEventListener("click", function () { A.request({ type: "cancelConsult" }); });
    $("btn-conference").addEventListener("click", function () { A.request({ type: "conference" }); });
    [["btn-record-start", "START"], ["btn-record-pause", "PAUSE"], ["btn-record-resume", "RESUME"],
     ["btn-record-stop", "STOP"]].forEach(function (p) {
      $(p[0]).addEventListener("click", function () { A.request({ type: "record", action: p[1] }); });
    });
    $("btn-dial").addEventListener("click", function () {
      A.request({ type: "dial", number: $("dial-number").value.trim() });
    });
    $("btn-callback").addEventListener("click", function () {
      var when = $("callback-time").value ? new Date($("callback-time").value).getTime() : NaN;
      if (isNaN(when)) { A.showError("chooseTime"); return; }
      var msg = { type: "scheduleCallback", number: $("callback-number").value.trim(), dueMs: when };
      if ($("callback-note").value) { msg.note = $("callback-note").value; }
      A.request(msg);
    });
    $("btn-extend-wrapup").addEventListener("click", function () {
      A.request({ type: "extendWrapUp", seconds: EXTEND_SECONDS });
    });
  }

  // ---- supervisor view ----

  function refresh() {
    if (!isSupervisorView()) { return; }
    A.send({ type: "listAgents" }, function (reply) {
      if (!reply.ok) { A.showError(reply.error.code, reply.error.message); return; }
      c.agents = {};
      (reply.agents || []).forEach(function (a) { c.agents[a.agentId] = a; });
      renderSupervisor();
    });
    A.send({ type: "listQueues" }, function (reply) {
      if (reply.ok) { c.queues = reply.queues || []; renderSupervisor(); }
    });
  }

  function onSupervisedEvent(ev) {
    var a = ev.agentId && c.agents[ev.agentId];
    if (!a) { return; }
    if (ev.event === "agentState") {
      a.state = ev.state; a.reason = ev.reason; a.sinceMs = ev.sinceMs; a.extension = ev.extension || null;
      if (["RESERVED", "TALKING", "WRAP_UP"].indexOf(ev.state) < 0) { a.callId = null; a.held = false; }
    } else if (ev.event === "holdChanged") {
      a.held = ev.held;
    } else if (ev.event === "skillsChanged") {
      a.skills = ev.skills;
    }
    renderSupervisor();
  }

  function skillsText(skills) {
    return Object.keys(skills || {}).sort().map(function (k) { return k + ":" + skills[k]; }).join(", ");
  }

  function renderSupervisor() {
    var show = isSupervisorView();
    $("supervisor-panel").hidden = !show;
    if (!show) { return; }
    document.querySelectorAll(".sup-manage").forEach(function (el) { el.hidden = !manages(); });
    var body = $("sup-agents").tBodies[0];
    body.textContent = "";
    var select = $("sup-target");
    var keep = select.value;
    select.textContent = "";
    var now = A.serverNow();
    Object.keys(c.agents).sort().forEach(function (id) {
      var a = c.agents[id];
      var row = body.insertRow();
      row.id = "sup-agent-" + id;
      row.setAttribute("data-state", a.state);
      row.insertCell().textContent = id;
      row.insertCell().textContent = a.name || "";
      var state = t("states")[a.state] || a.state;
      if (a.held) { state += " · " + t("onHold"); }
      if (a.state === "NOT_READY" && a.reason) { state += "（" + reasonLabel(a.reason) + "）"; }
      row.insertCell().textContent = state;
      row.insertCell().textContent = a.sinceMs ? A.clock(now - a.sinceMs) : "";
      row.insertCell().textContent = a.extension || "";
      row.insertCell().textContent = skillsText(a.skills);
      select.appendChild(new Option(id + " " + (a.name || ""), id));
    });
    if (keep && c.agents[keep]) { select.value = keep; }
    var reasons = $("sup-reason-select");
    if (!reasons.options.length || reasons.options.length !== s.reasons.filter(notSystem).length) {
      reasons.textContent = "";
      s.reasons.filter(notSystem).forEach(function (r) { reasons.appendChild(new Option(r.label, r.code)); });
    }
    var qbody = $("sup-queues").tBodies[0];
    qbody.textContent = "";
    c.queues.forEach(function (q) {
      var row = qbody.insertRow();
      row.id = "sup-queue-" + q.queueId;
      row.insertCell().textContent = q.name || q.queueId;
      row.insertCell().textContent = q.waiting;
      row.insertCell().textContent = A.clock(q.longestWaitMs || 0);
      row.insertCell().textContent = q.serviceLevelPercent < 0 ? "—" : Math.round(q.serviceLevelPercent) + "%";
      row.insertCell().textContent = q.agentsReady;
      row.insertCell().textContent = q.agentsTalking;
    });
  }

  function notSystem(r) { return !r.system; }

  function reasonLabel(code) {
    for (var i = 0; i < s.reasons.length; i++) {
      if (s.reasons[i].code === code) { return s.reasons[i].label; }
    }
    return code;
  }

  function parseSkills(text) {
    var out = {};
    var ok = true;
    text.split(/[,，\s]+/).filter(Boolean).forEach(function (part) {
      var m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)[:：=](\d+)$/.exec(part);
      if (!m) { ok = false; return; }
      out[m[1]] = parseInt(m[2], 10);
    });
    return ok ? out : null;
  }

  function wireSupervisor() {
    $("btn-refresh").addEventListener("click", refresh);
    function agent() { return $("sup-target").value; }
    $("btn-force-not-ready").addEventListener("click", function () {
      A.request({ type: "forceNotReady", agentId: agent(), reason: $("sup-reason-select").value });
    });
    $("btn-force-logout").addEventListener("click", function () {
      A.request({ type: "forceLogout", agentId: agent() });
    });
    [["btn-listen", "LISTEN"], ["btn-whisper", "WHISPER"], ["btn-barge", "BARGE"]].forEach(function (p) {
      $(p[0]).addEventListener("click", function () { A.request({ type: "spy", agentId: agent(), mode: p[1] }); });
    });
    $("sup-target").addEventListener("change", function () {
      var a = c.agents[agent()];
      $("sup-skills").value = a ? skillsText(a.skills) : "";
    });
    $("btn-set-skills").addEventListener("click", function () {
      var skills = parseSkills($("sup-skills").value);
      if (!skills) { A.showError("INVALID_FIELD"); return; }
      A.request({ type: "setSkills", agentId: agent(), skills: skills }, refresh);
    });
  }

  var wasSupervisor = false;

  function render() {
    renderCallControl();
    var sup = isSupervisorView();
    if (sup && !wasSupervisor) {
      refresh();
      c.refreshTimer = setInterval(refresh, REFRESH_MS);
    } else if (!sup && wasSupervisor) {
      clearInterval(c.refreshTimer);
      c.agents = {};
      c.queues = [];
    }
    wasSupervisor = sup;
    renderSupervisor();
  }

  buildPad();
  wireCallControl();
  wirePreview();
  wireSupervisor();
  A.onEvent(onCallEvent);
  A.onRender(render);
  render();
})();
