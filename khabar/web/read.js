// The reading page: one khabar/1 document laid over its text. Highlights are built by slicing
// the text at the records' code-point offsets and inserting text nodes (never HTML).
import { QUAD, api, badge, clear, code, cpText, el, getToken, people, say, setToken, timexKey } from "./common.js";

const $ = (id) => document.getElementById(id);
const KIND_ORDER = ["trg", "tmx", "ent", "src", "cue", "content"];
const arr = (x) => (Array.isArray(x) ? x : []);
let view = null; // {doc, anns, segs, ents, tmxs, atts}

function validSpan(t, s) {
  return s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end &&
    s.end <= t.length && (typeof s.text !== "string" || t.slice(s.start, s.end) === s.text);
}

/** Every highlightable record as {kind, start, end, rec}; spans that disagree with the text are skipped. */
function collect(doc, t) {
  const anns = [];
  let bad = 0;
  const add = (kind, span, rec) => {
    if (!span) return;
    if (!validSpan(t, span)) { bad++; return; }
    if (span.end > span.start) anns.push({ kind, start: span.start, end: span.end, rec });
  };
  for (const e of arr(doc.entities)) add("ent", e, e);
  for (const x of arr(doc.timexes)) add("tmx", x, x);
  for (const a of arr(doc.attributions)) {
    add("content", a.content, a);
    add("src", a.source, a);
    add("cue", a.cue, a);
  }
  for (const v of arr(doc.events)) add("trg", v.trigger, v);
  return { anns, bad };
}

/** Render the text as segments between all span boundaries; each segment knows its records. */
function renderText(node, t, anns) {
  clear(node);
  const cuts = new Set([0, t.length]);
  for (const a of anns) { cuts.add(a.start); cuts.add(a.end); }
  const points = [...cuts].sort((x, y) => x - y);
  const order = anns.map((a, i) => i).sort((i, j) => anns[i].start - anns[j].start);
  let next = 0;
  let active = [];
  const segs = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k], e = points[k + 1];
    while (next < order.length && anns[order[next]].start <= s) active.push(order[next++]);
    active = active.filter((i) => anns[i].end > s);
    const here = active.filter((i) => anns[i].start <= s && anns[i].end >= e);
    const piece = t.slice(s, e);
    if (!here.length) { node.append(document.createTextNode(piece)); continue; }
    const kinds = [...new Set(here.map((i) => anns[i].kind))];
    const span = el("span", {
      class: "hl " + kinds.map((k2) => "k-" + k2).join(" "), "data-ann": here.join(" "),
      "data-ann-kind": here.map((i) => anns[i].kind).join(" "), tabindex: kinds.includes("trg") ? "0" : null,
    }, piece);
    segs.push(span);
    node.append(span);
  }
  return segs;
}

function annsOf(node) {
  return (node.getAttribute("data-ann") || "").split(" ").filter(Boolean).map(Number)
    .sort((i, j) => KIND_ORDER.indexOf(view.anns[i].kind) - KIND_ORDER.indexOf(view.anns[j].kind));
}

function dl(rows) {
  const list = el("dl");
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    list.append(el("dt", {}, k), el("dd", {}, v));
  }
  return list;
}

const ar = (s) => el("span", { class: "ar", dir: "rtl", lang: "ar" }, s || "");

function reporter(v) {
  if (!v.attribution) return "the writer (no attributed source)";
  const a = view.atts.get(v.attribution);
  if (!a) return String(v.attribution);
  const s = a.source || {};
  return el("span", {}, ar(s.text), ` — ${s.kind || "unknown"}${s.count ? " ×" + s.count : ""}`,
    s.actor ? `, ${code(s.actor)}` : "", a.cue ? [" · cue ", ar(a.cue.text)] : "");
}

function eventCard(v) {
  const d = v.date || null;
  const tx = d && d.timex ? view.tmxs.get(d.timex) : null;
  const quad = v.quad_class ? `${v.quad_class} · ${QUAD[v.quad_class] || ""}` : null;
  return el("div", { class: "card" },
    el("h3", {}, badge(String(v.event || "?"), "t"), " ", arr(v.mode).join(", "), " ",
      badge(String(v.status || "?"), "s-" + v.status)),
    dl([
      ["trigger", ar(v.trigger && v.trigger.text)],
      ["actor", arr(v.actor).length ? people(v.actor) : "—"],
      ["recipient", arr(v.recipient).length ? people(v.recipient) : null],
      ["date", d ? [String(d.value || "?"), tx ? [" ← ", ar(tx.text)] : " (publication date)"] : "—"],
      ["location", v.location ? [ar(v.location.text), ` (${v.location.code || "?"})`] : null],
      ["reported by", reporter(v)],
      ["context", arr(v.context).join(", ")],
      ["QuadClass", quad],
      ["Goldstein", v.goldstein ?? null],
      ["CAMEO", v.cameo || null],
      ["confidence", typeof v.confidence === "number" ? v.confidence.toFixed(2) : null],
      ["id", `${v.id}${v.group ? " · group " + v.group : ""}`],
    ]));
}

function entityCard(e) {
  const a = e.actor;
  return el("div", { class: "card" }, el("h3", {}, badge("entity"), " ", ar(e.text)),
    dl([["label", String(e.label || "?")], ["actor", a ? `${code(a)}${a.name ? " · " + a.name : ""}` : "not an actor"],
      ["id", String(e.id)]]));
}

function timexCard(x) {
  return el("div", { class: "card" }, el("h3", {}, badge("time"), " ", ar(x.text)),
    dl([["type", String(x.type || "?")], ["value", String(x.value ?? "unresolved")],
      ["calendar", x.calendar === "hijri" ? "hijri (value converted)" : null], ["id", String(x.id)]]));
}

function attributionCard(a, kind) {
  const s = a.source || {};
  const what = kind === "cue" ? "attribution cue" : kind === "content" ? "what was said" : "source";
  return el("div", { class: "card" }, el("h3", {}, badge(what, "k-" + (s.kind || "")), " ", ar(s.text)),
    dl([
      ["kind", `${s.kind || "unknown"}${s.count ? " · " + s.count + " people" : ""}`],
      ["affiliation", s.actor ? code(s.actor) : null],
      ["role", [s.role, s.tenure].filter(Boolean).join(", ") || null],
      ["cue", a.cue ? ar(a.cue.text) : null],
      ["status", a.status && a.status !== "stated" ? a.status.replace(/_/g, " ") : "stated"],
      ["quoted", a.direct ? "yes (direct quotation)" : null],
      ["said", a.content ? ar(a.content.text) : null],
      ["same source as", s.same_as || null],
      ["id", String(a.id)],
    ]));
}

function card(i) {
  const a = view.anns[i];
  if (a.kind === "trg") return eventCard(a.rec);
  if (a.kind === "ent") return entityCard(a.rec);
  if (a.kind === "tmx") return timexCard(a.rec);
  return attributionCard(a.rec, a.kind);
}

function cards(indices) {
  const seen = new Set();
  const out = [];
  for (const i of indices) {
    const a = view.anns[i];
    const key = a.kind === "cue" || a.kind === "content" || a.kind === "src" ? "att:" + a.rec.id + a.kind : i;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(card(i));
  }
  return out;
}

/** Mark the segments of these records, show their cards, and optionally scroll to them. */
function select(indices, scroll) {
  const want = new Set(indices);
  let first = null;
  for (const s of view.segs) {
    const on = annsOf(s).some((i) => want.has(i));
    s.classList.toggle("sel", on);
    if (on && !first) first = s;
  }
  const box = clear($("details"));
  box.append(...cards(indices));
  if (scroll && first) first.scrollIntoView({ block: "center", behavior: "smooth" });
}

function showTip(evt) {
  const seg = evt.target.closest ? evt.target.closest(".hl") : null;
  const tip = $("tip");
  if (!seg) { tip.hidden = true; return; }
  const all = cards(annsOf(seg));
  clear(tip).append(all[0]);
  if (all.length > 1) tip.append(el("p", { class: "msg more" }, `+ ${all.length - 1} more record(s) here: click to pin them all`));
  tip.hidden = false;
  const x = Math.min(evt.pageX + 12, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
  tip.style.left = Math.max(window.scrollX + 4, x) + "px";
  tip.style.top = evt.pageY + 16 + "px";
}

function renderMeta(doc, bad) {
  const box = clear($("meta"));
  const src = doc.source && typeof doc.source === "object" ? doc.source : {};
  if (src.title) box.append(el("div", { class: "title", dir: "rtl", lang: "ar" }, String(src.title)));
  if (src.outlet) box.append(el("span", {}, "outlet ", el("b", {}, String(src.outlet))));
  if (typeof src.url === "string" && /^https?:\/\//i.test(src.url)) {
    box.append(el("a", { href: src.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original"));
  }
  box.append(el("span", {}, "date ", el("b", {}, String(doc.date || "unknown"))));
  const n = (k) => arr(doc[k]).length;
  box.append(el("span", { id: "counts" }, `${n("sentences")} sentences · ${n("entities")} entities · ${n("timexes")} time expressions · ` +
    `${n("attributions")} statements · ${n("events")} events`));
  if (doc.id) box.append(el("span", {}, "id ", el("code", {}, String(doc.id).slice(0, 16))));
  if (bad) box.append(el("span", { class: "msg error" }, `${bad} span(s) disagree with the text and are not shown`));
}

function renderEvents(doc) {
  const body = clear($("events").tBodies[0]);
  const events = arr(doc.events);
  $("no-events").hidden = events.length > 0;
  events.forEach((v, k) => {
    const d = v.date || null;
    const row = el("tr", { "data-event": String(k) },
      el("td", {}, String(v.id ?? k)),
      el("td", {}, badge(String(v.event || "?"), "t"), arr(v.mode).length ? " " + arr(v.mode).join(",") : ""),
      el("td", { class: "ar", dir: "rtl", lang: "ar" }, v.trigger ? String(v.trigger.text ?? "") : ""),
      el("td", {}, people(v.actor)),
      el("td", {}, people(v.recipient)),
      el("td", {}, badge(String(v.status || "?"), "s-" + v.status)),
      el("td", {}, d ? String(d.value ?? "") + (d.timex ? "" : " (pub.)") : ""),
      el("td", { class: "ar", dir: "rtl", lang: "ar" }, v.location ? String(v.location.text ?? "") : ""),
      el("td", {}, reporter(v)),
      el("td", {}, typeof v.confidence === "number" ? v.confidence.toFixed(2) : ""));
    row.addEventListener("click", () => {
      const i = view.anns.findIndex((a) => a.kind === "trg" && a.rec === v);
      if (i >= 0) select([i], true);
    });
    body.append(row);
  });
}

function renderTimeline(doc) {
  const list = clear($("timeline"));
  const dated = arr(doc.events).filter((v) => v.date && v.date.timex && v.date.value);
  const groups = new Map();
  for (const v of dated) {
    if (!groups.has(v.date.value)) groups.set(v.date.value, []);
    groups.get(v.date.value).push(v);
  }
  const items = [...groups.entries()].map(([value, evs]) => ({ value, evs, key: timexKey(value) }));
  if (doc.date) items.push({ value: String(doc.date), evs: null, key: timexKey(String(doc.date)) });
  items.sort((a, b) => (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : a.key[1] - b.key[1]));
  for (const it of items) {
    if (!it.evs) {
      list.append(el("li", { class: "pub" }, el("span", { class: "when" }, it.value), "publication date"));
      continue;
    }
    const tx = view.tmxs.get(it.evs[0].date.timex);
    const li = el("li", { "data-value": it.value }, el("span", { class: "when" }, it.value), tx ? ar(tx.text) : "");
    const ul = el("ul", { class: "plain" });
    for (const v of it.evs) {
      const item = el("li", {}, badge(String(v.event || "?"), "t"), " ", ar(v.trigger ? v.trigger.text : ""), " ",
        badge(String(v.status || "?"), "s-" + v.status));
      item.addEventListener("click", () => {
        const i = view.anns.findIndex((a) => a.kind === "trg" && a.rec === v);
        if (i >= 0) select([i], true);
      });
      ul.append(item);
    }
    li.append(ul);
    list.append(li);
  }
  const undated = arr(doc.events).length - dated.length;
  $("timeline-note").textContent = dated.length ? (undated ? `${undated} event(s) without a date in the text.` : "")
    : "No event in this article has a date of its own.";
}

/** Distinct sources: statements linked by same_as count once; named vs anonymous, with counts. */
function renderSources(doc) {
  const atts = arr(doc.attributions);
  const root = (a) => {
    let cur = a;
    for (let hops = 0; hops < 50 && cur.source && cur.source.same_as && view.atts.has(cur.source.same_as); hops++) {
      cur = view.atts.get(cur.source.same_as);
    }
    return cur;
  };
  const groups = new Map();
  for (const a of atts) {
    const r = root(a);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r).push(a);
  }
  const kinds = {};
  let counted = 0;
  for (const r of groups.keys()) {
    const k = (r.source && r.source.kind) || "unknown";
    kinds[k] = (kinds[k] || 0) + 1;
    if (r.source && Number.isInteger(r.source.count)) counted += r.source.count;
  }
  const chips = clear($("source-summary"));
  const chip = (label, n, id) => el("span", { class: "chip", "data-kind": id }, label, el("b", {}, String(n)));
  chips.append(chip("statements", atts.length, "statements"), chip("distinct sources", groups.size, "distinct"));
  for (const k of ["named", "anonymous", "organization", "document", "unknown"]) {
    if (kinds[k]) chips.append(chip(k, kinds[k], k));
  }
  if (counted) chips.append(chip("people counted", counted, "people"));
  const list = clear($("sources"));
  for (const [r, group] of groups) {
    const s = r.source || {};
    const statuses = [...new Set(group.map((a) => a.status).filter((x) => x && x !== "stated"))];
    const li = el("li", { "data-kind": String(s.kind || "unknown") },
      ar(s.text), " ", badge(String(s.kind || "unknown"), "k-" + s.kind),
      s.count ? ` ×${s.count}` : "", s.actor ? ` ${code(s.actor)}` : "",
      s.role ? ` · ${s.role}${s.tenure ? " (" + s.tenure + ")" : ""}` : "",
      statuses.map((x) => [" ", badge(x.replace(/_/g, " "), "s-negated")]),
      el("div", { class: "msg" }, `${group.length} statement(s): `, ar(group.map((a) => (a.cue ? a.cue.text : "")).join("، "))));
    li.addEventListener("click", () => {
      const ids = new Set(group);
      select(view.anns.map((a, i) => (ids.has(a.rec) && (a.kind === "src" || a.kind === "cue") ? i : -1)).filter((i) => i >= 0), true);
    });
    list.append(li);
  }
  if (!atts.length) list.append(el("li", { class: "msg" }, "No attributed statements."));
}

/** Show one khabar/1 document. */
export function render(doc) {
  if (!doc || typeof doc !== "object" || doc.schema !== "khabar/1" || typeof doc.text !== "string") {
    throw new Error("not a khabar/1 document");
  }
  const t = cpText(doc.text);
  const { anns, bad } = collect(doc, t);
  view = {
    doc, anns, segs: [],
    tmxs: new Map(arr(doc.timexes).map((x) => [x.id, x])),
    atts: new Map(arr(doc.attributions).map((a) => [a.id, a])),
  };
  view.segs = renderText($("article"), t, anns);
  renderMeta(doc, bad);
  renderEvents(doc);
  renderTimeline(doc);
  renderSources(doc);
  clear($("details")).append(el("p", { class: "msg" }, "Hover over or click a highlight to see its record."));
  $("view").hidden = false;
  $("save").disabled = false;
  document.body.setAttribute("data-loaded", doc.id ? String(doc.id).slice(0, 64) : "1");
}

async function analyze() {
  const text = $("text").value;
  if (!text.trim()) { say($("msg"), "Paste an article first.", true); return; }
  say($("msg"), "Analysing…");
  $("analyze").disabled = true;
  try {
    const body = { text };
    if ($("date").value) body.date = $("date").value;
    const doc = await api("/analyze", { method: "POST", body });
    render(doc);
    say($("msg"), `Analysed: ${arr(doc.events).length} events, ${arr(doc.attributions).length} statements.`);
  } catch (e) {
    say($("msg"), String(e.message || e), true);
  } finally {
    $("analyze").disabled = false;
  }
}

async function openStored(id) {
  say($("msg"), "Loading…");
  try {
    const doc = await api("/documents/" + encodeURIComponent(id));
    $("text").value = doc.text;
    if (doc.date) $("date").value = String(doc.date).slice(0, 10);
    render(doc);
    say($("msg"), "");
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash) {
      const i = view.anns.findIndex((a) => a.kind === "trg" && a.rec.id === hash);
      if (i >= 0) select([i], true);
    }
  } catch (e) {
    say($("msg"), String(e.message || e), true);
  }
}

function openFile() {
  const f = $("file").files[0];
  if (!f) return;
  const reader = new FileReader();
  reader.onload = () => {
    try {
      const doc = JSON.parse(String(reader.result));
      render(doc);
      $("text").value = doc.text;
      say($("msg"), `Opened ${f.name}.`);
    } catch (e) {
      say($("msg"), `${f.name}: ${e.message || e}`, true);
    }
  };
  reader.readAsText(f);
}

async function save() {
  if (!view) return;
  setToken($("token").value);
  try {
    const out = await api("/documents", { method: "POST", body: view.doc });
    const id = out.keys[0];
    say($("msg"), out.ingested ? `Saved as ${id.slice(0, 16)}…` : "Already in the corpus.");
    history.replaceState(null, "", "/?doc=" + encodeURIComponent(id));
  } catch (e) {
    say($("msg"), String(e.message || e), true);
  }
}

function init() {
  $("token").value = getToken();
  $("analyze").addEventListener("click", analyze);
  $("controls").addEventListener("submit", (evt) => { evt.preventDefault(); analyze(); });
  $("save").addEventListener("click", save);
  $("token").addEventListener("change", () => setToken($("token").value));
  $("file").addEventListener("change", openFile);
  $("sample").addEventListener("click", async () => {
    try {
      const s = await api("/sample");
      $("text").value = s.text;
      $("date").value = s.date;
      await analyze();
    } catch (e) { say($("msg"), String(e.message || e), true); }
  });
  const art = $("article");
  art.addEventListener("mousemove", showTip);
  art.addEventListener("mouseleave", () => { $("tip").hidden = true; });
  art.addEventListener("click", (evt) => {
    const seg = evt.target.closest(".hl");
    if (seg) select(annsOf(seg), false);
  });
  art.addEventListener("keydown", (evt) => {
    const seg = evt.target.closest(".hl");
    if (seg && (evt.key === "Enter" || evt.key === " ")) { evt.preventDefault(); select(annsOf(seg), false); }
  });
  const id = new URLSearchParams(location.search).get("doc");
  if (id) openStored(id);
  document.body.setAttribute("data-ready", "1");
}

init();
