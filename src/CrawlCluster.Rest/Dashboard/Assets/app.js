// The CrawlCluster dashboard: reads /api/v1/dashboard/events (server-sent events, through fetch so an API key can go
// in a header) and draws each snapshot. Every value goes in as text, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem("crawlcluster-api-key") || "";
let stream = null;

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (apiKey) h["X-Api-Key"] = apiKey;
  return h;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  return td;
}

function ago(seconds, now) {
  const s = Math.max(0, Math.round(now - seconds));
  if (s < 60) return s + " s ago";
  if (s < 3600) return Math.floor(s / 60) + " min ago";
  return Math.floor(s / 3600) + " h ago";
}

function number(n) { return Number(n || 0).toLocaleString("en-US"); }

function showError(text) {
  const e = $("error");
  e.textContent = text || "";
  e.hidden = !text;
}

function drawChart(svg, values) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const ns = "http://www.w3.org/2000/svg";
  const max = Math.max(1, ...values);
  const n = Math.max(values.length, 2);
  const points = values.map((v, i) => ((i / (n - 1)) * 300).toFixed(1) + "," + (58 - (v / max) * 48).toFixed(1));
  if (points.length > 1) {
    const area = document.createElementNS(ns, "polygon");
    area.setAttribute("points", "0,58 " + points.join(" ") + " " + (((values.length - 1) / (n - 1)) * 300).toFixed(1) + ",58");
    svg.appendChild(area);
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.join(" "));
    svg.appendChild(line);
  }
  const scale = svg.parentElement.querySelector(".scale");
  if (scale) scale.textContent = "peak " + number(Math.round(Math.max(0, ...values)));
}

function emptyRow(body, columns, text) {
  if (body.rows.length > 0) return;
  const td = body.insertRow().insertCell();
  td.colSpan = columns;
  td.className = "muted";
  td.textContent = text;
}

function drawCrawls(crawls) {
  const body = $("crawls").tBodies[0];
  body.replaceChildren();
  $("no-crawls").hidden = crawls.length > 0;
  for (const c of crawls) {
    const row = body.insertRow();
    row.dataset.crawl = c.appid + "/" + c.crawlid;
    row.dataset.done = c.done;
    row.dataset.finished = c.finished;
    cell(row, c.appid);
    cell(row, c.crawlid);
    const total = c.pending + c.in_flight + c.done + c.failed;
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.title = number(c.done + c.failed) + " of " + number(total);
    for (const [name, value] of [["done", c.done], ["failed", c.failed], ["in-flight", c.in_flight], ["pending", c.pending]]) {
      const part = document.createElement("span");
      part.className = name;
      part.style.width = (total > 0 ? (100 * value) / total : 0) + "%";
      bar.appendChild(part);
    }
    row.insertCell().appendChild(bar);
    cell(row, number(c.pending));
    cell(row, number(c.in_flight));
    cell(row, number(c.done), "done-count");
    cell(row, number(c.failed));
    cell(row, c.pages_per_sec);
    cell(row, c.finished ? "finished" : "running", c.finished ? "state-finished" : "state-running");
    const actions = row.insertCell();
    if (!c.finished) {
      const stop = document.createElement("button");
      stop.className = "stop";
      stop.textContent = "Stop";
      stop.addEventListener("click", () => stopCrawl(c, stop));
      actions.appendChild(stop);
    }
  }
}

function drawDomains(domains) {
  const body = $("domains").tBodies[0];
  body.replaceChildren();
  for (const d of domains || []) {
    const row = body.insertRow();
    cell(row, d.domain);
    cell(row, number(d.backlog));
    const t = d.throttle;
    cell(row, d.blacklisted ? "blacklisted" : t ? t.hits + " per " + t.window + " s" + (t.scale != null ? " × " + t.scale : "") : "default");
  }
  emptyRow(body, 3, domains ? "Nothing queued." : "…");
}

function drawProcesses(processes, now) {
  const body = $("processes").tBodies[0];
  body.replaceChildren();
  for (const p of processes || []) {
    const row = body.insertRow();
    cell(row, p.component + (p.spiderid ? " (" + p.spiderid + ")" : ""));
    cell(row, p.host);
    cell(row, p.id);
    cell(row, p.alive ? "alive" : "gone", p.alive ? "alive" : "gone");
    cell(row, ago(p.last_seen, now));
  }
  emptyRow(body, 5, processes ? "No heartbeats." : "…");
}

function drawFailures(failures, now) {
  const body = $("failures").tBodies[0];
  body.replaceChildren();
  for (const f of failures || []) {
    const row = body.insertRow();
    cell(row, ago(f.at, now));
    cell(row, f.url, "url").title = f.url;
    cell(row, f.reason);
    cell(row, f.appid + "/" + f.crawlid);
  }
  emptyRow(body, 4, failures ? "No failures." : "…");
}

function draw(s) {
  const node = s.node || {};
  const health = $("health");
  health.textContent = node.node_health || "?";
  health.className = "badge " + (node.node_health || "");
  $("uptime").textContent = node.uptime_sec != null ? "up " + Math.round(node.uptime_sec) + " s · node " + node.my_id : "";
  showError(s.error);
  const t = s.totals || {};
  $("total-pages-rate").textContent = t.pages_per_sec ?? 0;
  $("total-queued-rate").textContent = t.queued_per_sec ?? 0;
  $("total-pending").textContent = number(t.pending);
  $("total-in-flight").textContent = number(t.in_flight);
  drawChart($("chart-pages"), (s.rates && s.rates.pages) || []);
  drawChart($("chart-queued"), (s.rates && s.rates.queued) || []);
  drawCrawls(s.crawls || []);
  drawDomains(s.domains);
  drawProcesses(s.processes, s.time);
  drawFailures(s.failures, s.time);
}

function setConnection(state) {
  const c = $("connection");
  c.textContent = state;
  c.className = "connection " + (state === "live" ? "live" : "down");
}

function askForKey() {
  $("key-form").hidden = false;
  setConnection("API key required");
}

async function listen() {
  if (stream) stream.abort();
  stream = new AbortController();
  try {
    const response = await fetch("/api/v1/dashboard/events", { headers: headers({ Accept: "text/event-stream" }), signal: stream.signal });
    if (response.status === 401) { askForKey(); return; }
    if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
    setConnection("live");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (data) draw(JSON.parse(data));
      }
    }
  } catch (e) {
    if (e.name === "AbortError") return;
  }
  setConnection("reconnecting");
  setTimeout(listen, 2000);
}

async function send(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: headers(body ? { "Content-Type": "application/json" } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) askForKey();
  let envelope = null;
  try { envelope = await response.json(); } catch (e) { envelope = null; }
  return { ok: response.ok, status: response.status, envelope };
}

function describeFailure(result) {
  const e = result.envelope && result.envelope.error;
  if (!e) return "HTTP " + result.status;
  return e.message.replace(/\.$/, "") + (e.cause ? ": " + (typeof e.cause === "string" ? e.cause : JSON.stringify(e.cause)) : "");
}

async function stopCrawl(c, button) {
  button.disabled = true;
  const result = await send("DELETE", "/api/v1/crawls/" + encodeURIComponent(c.appid) + "/" + encodeURIComponent(c.crawlid) + "?spiderid=" + encodeURIComponent(c.spiderid));
  $("submit-result").textContent = result.ok ? "Stop sent for " + c.appid + "/" + c.crawlid + "." : "Could not stop " + c.crawlid + ": " + describeFailure(result);
}

async function submitCrawl(event) {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  const crawlid = (data.get("crawlid") || "").trim() || Math.random().toString(16).slice(2, 14);
  const request = {
    url: data.get("url").trim(),
    appid: data.get("appid").trim(),
    crawlid,
    maxdepth: Number(data.get("maxdepth") || 0),
    priority: Number(data.get("priority") || 1),
  };
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const result = await send("POST", "/feed", request);
    $("submit-result").textContent = result.ok
      ? "Crawl " + request.appid + "/" + crawlid + " submitted: it appears in the table when the Kafka Monitor has queued it."
      : "Not submitted: " + describeFailure(result);
  } catch (e) {
    $("submit-result").textContent = "Not submitted: " + e.message;
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("submit").addEventListener("submit", submitCrawl);
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    apiKey = $("key").value;
    sessionStorage.setItem("crawlcluster-api-key", apiKey);
    $("key-form").hidden = true;
    listen();
  });
  listen();
});
