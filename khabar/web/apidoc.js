// The API reference page: every route of /openapi.json with its parameters, drawn with the DOM.
import { api, clear, el, say } from "./common.js";

function schemaName(s) {
  if (!s) return "";
  if (s.$ref) return s.$ref.split("/").pop();
  if (s.anyOf) return s.anyOf.map(schemaName).join(" | ");
  if (s.type === "array") return schemaName(s.items) + "[]";
  return s.type || "";
}

async function main() {
  const box = document.getElementById("routes");
  try {
    const spec = await api("/openapi.json");
    clear(box);
    for (const [path, ops] of Object.entries(spec.paths || {})) {
      for (const [method, op] of Object.entries(ops)) {
        const params = (op.parameters || []).map((p) =>
          el("li", {}, el("code", {}, p.name), ` (${p.in}${p.required ? ", required" : ""}, ${schemaName(p.schema)})`,
            p.description ? " — " + p.description : ""));
        const body = op.requestBody ? el("p", { class: "msg" }, "JSON body: ",
          schemaName(((op.requestBody.content || {})["application/json"] || {}).schema) || "object",
          op.requestBody.description ? " — " + op.requestBody.description : "") : null;
        box.append(el("div", { class: "api-route", "data-path": path, "data-method": method.toUpperCase() },
          el("div", {}, el("code", { class: "m" }, method.toUpperCase()), " ", el("code", {}, path), " — ", op.summary || ""),
          body, params.length ? el("ul", {}, params) : null));
      }
    }
  } catch (e) {
    say(document.getElementById("msg"), String(e.message || e), true);
  }
  document.body.setAttribute("data-ready", "1");
}

main();
