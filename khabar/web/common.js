// Shared helpers for the khabar pages. Every string from a document or the store reaches the
// page as a text node or an attribute value set through the DOM: never as HTML.

export const QUAD = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};

/** Build an element: attrs set with setAttribute (values are strings), children as nodes/text. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** Build an SVG element in the SVG namespace. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (/^on/i.test(k)) throw new Error("event handler attributes are not allowed");
    node.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * khabar offsets count Unicode code points (Python str); JavaScript strings count UTF-16 units.
 * Returns idx where idx[i] is the UTF-16 position of code point i (idx[n] = text.length).
 */
export function codePointIndex(text) {
  const idx = [];
  for (let i = 0; i < text.length; i++) {
    idx.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  idx.push(text.length);
  return idx;
}

/** A slicer over code-point offsets: slice(start, end) like Python's text[start:end]. */
export function cpText(text) {
  const idx = codePointIndex(text);
  const n = idx.length - 1;
  return {
    length: n,
    slice(start, end) {
      const a = Math.max(0, Math.min(n, start)), b = Math.max(a, Math.min(n, end));
      return text.slice(idx[a], idx[b]);
    },
  };
}

export function getToken() {
  try { return sessionStorage.getItem("khabar-token") || ""; } catch { return ""; }
}

export function setToken(value) {
  try { sessionStorage.setItem("khabar-token", value || ""); } catch { /* storage disabled */ }
}

/** Call the API: JSON in and out; a failure throws an Error with the server's message. */
export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = getToken();  // same-origin requests only: the CSP allows no other
  if (token) headers.Authorization = "Bearer " + token;
  const resp = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  let data = null;
  try { data = await resp.json(); } catch { data = null; }
  if (!resp.ok) {
    const err = data && data.error ? data.error : { code: String(resp.status), message: resp.statusText };
    const e = new Error(`${err.message} [${err.code}]`);
    e.status = resp.status;
    e.code = err.code;
    throw e;
  }
  return data;
}

/** "USA GOV" for an actor-ish record ({code, sector}); "?" when uncoded. */
export function code(p) {
  if (!p) return "?";
  return [p.code || "?", p.sector || ""].join(" ").trim();
}

/** Participants as nodes: the Arabic words, then their code in an isolated left-to-right badge. */
export function people(list) {
  const out = [];
  for (const p of Array.isArray(list) ? list : []) {
    if (out.length) out.push(" ");
    out.push(el("span", { class: "who" }, el("span", { class: "ar", dir: "rtl", lang: "ar" }, String(p.text || "")), " ",
      el("span", { class: "badge code", dir: "ltr" }, code(p))));
  }
  return out;
}

/** A badge element. */
export function badge(text, cls) {
  return el("span", { class: "badge " + (cls || "") }, text);
}

/** Show a message in a status line (error styling when isError). */
export function say(node, text, isError) {
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}

/** A sortable key for a TIMEX3 value: [start ISO date, precision]; unknown values sort last. */
export function timexKey(value) {
  if (!value) return ["9999", 9];
  let m = /^(\d{4})-W(\d{2})/.exec(value);
  if (m) {
    const jan4 = new Date(Date.UTC(+m[1], 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (+m[2] - 1) * 7 * 864e5);
    return [monday.toISOString().slice(0, 10), 2];
  }
  m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (m) return [`${m[1]}-${m[2] || "01"}-${m[3] || "01"}`, m[3] ? 3 : m[2] ? 1 : 0];
  m = /^(\d{3})$/.exec(value);
  if (m) return [`${m[1]}0-01-01`, 0];
  if (value === "PAST_REF") return ["0000", 0];
  if (value === "PRESENT_REF") return ["5000", 0];
  return ["9999", 9];
}
