// The corpus page: filter linked events, read their reports, and chart a dyad month by month
// (cooperation above the axis, conflict below), drawn as inline SVG with the DOM.
import { QUAD, api, badge, clear, el, say, svg } from "./common.js";

const $ = (id) => document.getElementById(id);
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const STATUSES = ["asserted", "expected", "planned", "hoped", "possible", "requested", "negated", "cancelled", "denied"];
const SOURCE_KINDS = ["named", "anonymous", "organization", "document", "unknown", "none"];
const FIELDS = ["q", "actor", "dyad", "type", "status", "since", "until", "source_kind", "outlet"];
const PAGE = 20;
let offset = 0;

function fill(select, values) {
  for (const v of values) select.append(el("option", { value: v }, v));
}

const codes = (s) => String(s || "").split(/\s+/).filter(Boolean).join("+") || "?";

function filters() {
  const form = new FormData($("filters"));
  const out = {};
  for (const k of FIELDS) {
    const v = String(form.get(k) || "").trim();
    if (v) out[k] = v;
  }
  return out;
}

function setFilters(params) {
  for (const k of FIELDS) {
    const input = $("filters").elements.namedItem(k);
    if (input && params.get(k) !== null) input.value = params.get(k);
  }
}

function mentionItem(m) {
  const sentence = String(m.sentence_text || "");
  const trig = String(m.trigger || "");
  const at = trig ? sentence.indexOf(trig) : -1;
  const quote = el("div", { class: "ar", dir: "rtl", lang: "ar" });
  if (at >= 0) {
    quote.append(sentence.slice(0, at), el("span", { class: "hl k-trg" }, trig), sentence.slice(at + trig.length));
  } else {
    quote.append(sentence || trig);
  }
  const kind = m.source_kind || "none";
  const who = kind === "none" ? "the writer" : [el("span", { class: "ar", dir: "rtl", lang: "ar" }, String(m.source_text || "")),
    " ", badge(kind, "k-" + kind)];
  const docId = String(m.doc || "");
  const link = el("a", { href: "/?doc=" + encodeURIComponent(docId) + "#" + encodeURIComponent(String(m.vid || "")) }, "read article");
  return el("li", { "data-mention": String(m.id || "") },
    el("div", {}, el("b", {}, String(m.outlet || "unknown outlet")), ` · ${m.doc_date || "undated"} · `,
      badge(String(m.status || "?"), "s-" + m.status), " · according to ", who, " · ", link),
    quote);
}

async function toggleReports(ev, li, button) {
  const open = li.querySelector(".reports");
  const rep = li.querySelector(".rep");
  if (open) { open.remove(); button.textContent = `${ev.n_mentions} report(s)`; if (rep) rep.hidden = false; return; }
  button.disabled = true;
  try {
    const full = await api("/events/" + encodeURIComponent(ev.id));
    const list = el("ol", { class: "reports" }, (full.mentions || []).map(mentionItem));
    li.append(list);
    if (rep) rep.hidden = true;
    button.textContent = "hide reports";
  } catch (e) {
    li.append(el("p", { class: "msg error reports" }, String(e.message || e)));
  } finally {
    button.disabled = false;
  }
}

function eventItem(ev) {
  const button = el("button", { type: "button", class: "secondary" }, `${ev.n_mentions} report(s)`);
  const quad = ev.quad_class ? `QuadClass ${ev.quad_class} (${QUAD[ev.quad_class] || "?"})` : "";
  const li = el("li", { class: "event", "data-event": String(ev.id), "data-type": String(ev.event_type || "") },
    el("div", { class: "head" },
      badge(String(ev.event_type || "?"), "t"),
      el("b", {}, `${codes(ev.actor_codes)}${ev.recipient_codes ? " → " + codes(ev.recipient_codes) : ""}`),
      el("span", {}, String(ev.date || ev.day_lo || "undated")),
      badge(String(ev.status || "?"), "s-" + ev.status),
      el("span", { class: "msg" }, `${ev.n_mentions} report(s) in ${ev.n_documents} article(s), ${ev.n_outlets} outlet(s), ` +
        `${ev.n_sources} independent source(s)`),
      el("span", { class: "msg" }, quad), button));
  if (ev.rep) li.append(el("ul", { class: "plain rep" }, mentionItem(ev.rep)));
  button.addEventListener("click", () => toggleReports(ev, li, button));
  return li;
}

async function search() {
  const f = filters();
  const params = new URLSearchParams({ ...f, limit: String(PAGE), offset: String(offset) });
  history.replaceState(null, "", "/corpus?" + new URLSearchParams({ ...f, ...chartParams() }).toString());
  say($("msg"), "Searching…");
  try {
    const page = await api("/events?" + params.toString());
    const list = clear($("results"));
    list.append(...page.items.map(eventItem));
    const mentions = page.mentions !== undefined ? ` (${page.mentions} reports)` : "";
    $("count").textContent = `${page.total} linked event(s)${mentions}`;
    $("page").textContent = page.total ? `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}` : "";
    $("prev").disabled = offset === 0;
    $("next").disabled = offset + PAGE >= page.total;
    say($("msg"), "");
  } catch (e) {
    say($("msg"), String(e.message || e), true);
  }
  const dyad = (f.dyad || "").toUpperCase().split(/[-,\s/]+/).filter(Boolean);
  if (dyad.length === 2 && !($("c-a").value && $("c-b").value)) {
    $("c-a").value = dyad[0];
    $("c-b").value = dyad[1];
  }
  if ($("c-a").value && $("c-b").value) await draw();
}

function chartParams() {
  const out = {};
  if ($("c-a").value.trim()) out.a = $("c-a").value.trim().toUpperCase();
  if ($("c-b").value.trim()) out.b = $("c-b").value.trim().toUpperCase();
  if ($("c-dir").value === "1") out.directed = "true";
  return out;
}

/** A diverging stacked bar chart: QuadClass 1-2 upwards, 3-4 downwards, one bar per month. */
function drawChart(data) {
  const box = clear($("chart"));
  const months = data.months;
  const table = clear($("chart-data").tBodies[0]);
  if (!months.length) {
    box.append(el("p", { class: "msg" }, `No events between ${data.a} and ${data.b} in this period.`));
    return;
  }
  const up = months.map((m) => (m.quad["1"] || 0) + (m.quad["2"] || 0));
  const down = months.map((m) => (m.quad["3"] || 0) + (m.quad["4"] || 0));
  const max = Math.max(1, ...up, ...down);  // one scale both ways, so up and down compare
  const bw = Math.max(6, Math.min(56, Math.floor(1040 / months.length) - 4));
  const left = 96, top = 28, half = 130, plotH = 2 * half;
  const width = Math.max(640, left + months.length * (bw + 4) + 24);
  const height = top + plotH + 40;
  const scale = half / max;
  const zero = top + half;
  const chart = svg("svg", {
    class: "chart", id: "dyad-svg", width, height, viewBox: `0 0 ${width} ${height}`,
    role: "img", "aria-label": `Events per month between ${data.a} and ${data.b}`,
    "data-a": data.a, "data-b": data.b, "data-max": max,
  });
  const total = months.reduce((n, m) => n + m.total, 0);
  chart.append(svg("text", { x: 8, y: 16, class: "title" },
    `${data.a} ${data.directed ? "→" : "↔"} ${data.b}: ${total} linked events, ${months[0].month} to ${months[months.length - 1].month}`));
  for (const [v, y] of [[max, top], [0, zero], [max, top + plotH]]) {
    chart.append(svg("line", { class: "grid", x1: left, x2: width - 10, y1: y, y2: y }),
      svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, String(v)));
  }
  chart.append(svg("text", { x: 8, y: top + half / 2 + 4 }, "cooperation ↑"),
    svg("text", { x: 8, y: zero + half / 2 + 4 }, "conflict ↓"));
  const every = Math.max(1, Math.ceil(52 / (bw + 4)));  // a month label is about 48 px wide
  months.forEach((m, k) => {
    const x = left + k * (bw + 4) + 2;
    let yUp = zero, yDown = zero;
    for (const q of ["2", "1", "3", "4"]) {
      const n = m.quad[q] || 0;
      if (!n) continue;
      const h = n * scale;
      const y = q === "1" || q === "2" ? (yUp -= h) : yDown;
      if (q === "3" || q === "4") yDown += h;
      chart.append(svg("rect", {
        class: "bar q" + q, x, y: y.toFixed(1), width: bw, height: Math.max(1, h).toFixed(1),
        "data-month": m.month, "data-quad": q, "data-count": n,
      }, svg("title", {}, `${m.month} · ${QUAD[q]}: ${n}`)));
    }
    if (k % every === 0) {
      chart.append(svg("text", { x: x + bw / 2, y: top + plotH + 18, "text-anchor": "middle" }, m.month));
    }
    table.append(el("tr", { "data-month": m.month }, el("td", {}, m.month),
      ["1", "2", "3", "4"].map((q) => el("td", {}, String(m.quad[q] || 0))), el("td", {}, String(m.total))));
  });
  chart.append(svg("line", { class: "axis", x1: left, x2: width - 10, y1: zero, y2: zero }));
  box.append(chart);
}

async function draw() {
  const p = chartParams();
  if (!p.a || !p.b) { say($("msg"), "Give two actor codes for the chart.", true); return; }
  const f = filters();
  const q = new URLSearchParams(p);
  if (f.since) q.set("since", f.since);
  if (f.until) q.set("until", f.until);
  try {
    drawChart(await api("/charts/dyad?" + q.toString()));
    document.body.setAttribute("data-chart", `${p.a}-${p.b}`);
  } catch (e) {
    say($("msg"), String(e.message || e), true);
  }
}

async function loadStats() {
  try {
    const s = await api("/stats");
    const outlets = s.outlets && typeof s.outlets === "object" ? Object.keys(s.outlets).length : 0;
    $("stats").textContent = `${s.documents} articles from ${outlets} outlet(s), ${s.date_min || "?"} to ${s.date_max || "?"} · ` +
      `${s.mentions} event reports linked into ${s.events} events · ${s.attributions} attributed statements`;
  } catch (e) {
    say($("stats"), String(e.message || e), true);
  }
  try {
    const actors = await api("/actors");
    const list = clear($("actor-codes"));
    for (const a of (Array.isArray(actors) ? actors : actors.items || []).slice(0, 500)) {
      list.append(el("option", { value: String(a.code || "") }, `${a.name || a.code} · ${a.events ?? 0} events`));
    }
  } catch { /* the datalist is a convenience */ }
}

async function init() {
  fill($("f-type"), TYPES);
  fill($("f-status"), STATUSES);
  fill($("f-source"), SOURCE_KINDS);
  const params = new URLSearchParams(location.search);
  setFilters(params);
  if (params.get("a")) $("c-a").value = params.get("a");
  if (params.get("b")) $("c-b").value = params.get("b");
  if (params.get("directed") === "true") $("c-dir").value = "1";
  $("filters").addEventListener("submit", (evt) => { evt.preventDefault(); offset = 0; search(); });
  $("filters").addEventListener("reset", () => { setTimeout(() => { offset = 0; search(); }, 0); });
  $("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); search(); });
  $("next").addEventListener("click", () => { offset += PAGE; search(); });
  $("draw").addEventListener("click", () => { draw(); history.replaceState(null, "", "/corpus?" + new URLSearchParams({ ...filters(), ...chartParams() })); });
  await loadStats();
  await search();
  document.body.setAttribute("data-ready", "1");
}

init();
