/* Core of the report: the data, the filter state, safe DOM builders, the evidence panel, routing.
   Every text from the map reaches the page through text nodes or attribute values set by name;
   nothing is ever parsed as HTML. */
"use strict";

const M = JSON.parse(document.getElementById("rashomon-data").textContent);
const S = { view: "brief", arg: "", actor: -1, sources: null, dirty: {}, shownArg: {} };
const VIEWS = {};
const SVGNS = "http://www.w3.org/2000/svg";

function setProps(n, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") for (const [ev, fn] of Object.entries(v)) n.addEventListener(ev, fn);
    else if (k === "data") for (const [dk, dv] of Object.entries(v)) n.dataset[dk] = String(dv);
    else if (k === "style") for (const [sk, sv] of Object.entries(v)) n.style.setProperty(sk, String(sv));
    else if (k === "href") n.setAttribute("href", String(v).startsWith("#") ? String(v) : "#");
    else n.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(n, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    n.appendChild(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return n;
}

function h(tag, props, ...kids) {
  const n = document.createElement(tag);
  setProps(n, props);
  return append(n, kids);
}

function svg(tag, props, ...kids) {
  const n = document.createElementNS(SVGNS, tag);
  setProps(n, props);
  return append(n, kids);
}

function button(label, onclick, cls) {
  return h("button", { type: "button", class: cls || "link", on: { click: onclick } }, label);
}

function short(text, n) {
  const t = String(text || "").replace(/\s+/g, " ").trim();
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

function fmt(x) { return (x > 0 ? "+" : x < 0 ? "−" : "") + Math.abs(x).toFixed(2); }

/* Positions of documents, entities and claims, indexed once. */
const IX = (() => {
  const byDoc = () => M.docs.map(() => []);
  const ix = { docActors: M.docs.map(() => new Set()), entDocs: M.entities.map(() => new Set()),
    mentions: byDoc(), claims: byDoc(), cites: byDoc(), events: byDoc(), stance: new Map(),
    group: new Map(), contra: new Map(), docByKey: new Map() };
  M.docs.forEach((d, i) => ix.docByKey.set(d.id, i));
  M.entities.forEach((e, ei) => e.mentions.forEach(([d, s, t]) => {
    ix.docActors[d].add(ei); ix.entDocs[ei].add(d); ix.mentions[d].push([s, t, ei]);
  }));
  M.claims.forEach((c, ci) => ix.claims[c.d].push(ci));
  M.citations.forEach((c, i) => ix.cites[c.d].push(i));
  M.events.forEach((e, i) => ix.events[e.d].push(i));
  M.stances.forEach((s) => ix.stance.set(s.d + ":" + s.e, s));
  M.groups.forEach((g, gi) => g.claims.forEach((c) => ix.group.set(c, gi)));
  M.links.forEach(([a, b, rel], li) => {
    if (rel !== "contradict") return;
    for (const c of [a, b]) { if (!ix.contra.has(c)) ix.contra.set(c, []); ix.contra.get(c).push(li); }
  });
  return ix;
})();

function colour(d) { return "hsl(" + ((d * 137.508) % 360).toFixed(1) + ",58%,42%)"; }
function srcOk(d) { return !S.sources || S.sources.has(d); }
function actOk(ents) { return S.actor < 0 || (ents || []).includes(S.actor); }
function docVisible(d) { return srcOk(d) && (S.actor < 0 || IX.docActors[d].has(S.actor)); }
function visibleDocs() { return M.docs.map((_, i) => i).filter(srcOk); }
function docLabel(d) { return M.docs[d].label || M.docs[d].title || M.docs[d].source; }

function srcTag(d) {
  return h("span", { class: "who" }, h("span", { class: "dot", style: { background: colour(d) } }), docLabel(d));
}

/* A span of a document shown inside its sentence, the span itself marked. */
function context(d, start, end, width) {
  const text = M.docs[d].text, w = width || 160;
  if (!(start >= 0 && end <= text.length && start <= end)) return h("span", { class: "ctx" });
  let a = Math.max(0, start - w), b = Math.min(text.length, end + w), lead = a > 0, tail = b < text.length;
  const before = text.slice(a, start), after = text.slice(end, b);
  const cut = Math.max(before.lastIndexOf(". "), before.lastIndexOf("\n"));
  if (cut >= 0) { a += cut + 1; lead = false; }
  const stop = after.search(/[.!?](\s|$)|\n/);
  if (stop >= 0) { b = end + stop + 1; tail = false; }
  return h("span", { class: "ctx" }, lead ? "…" : "", text.slice(a, start).trimStart(),
    h("mark", null, text.slice(start, end)), text.slice(end, b), tail ? " …" : "");
}

function readLink(d, start, end, label) {
  const at = start >= 0 ? "/" + start + "-" + end : "";
  return button(label || "Read in context →", () => go("reading", M.docs[d].id + at), "small");
}

function evidence(d, start, end, extra) {
  return h("div", { class: "ev", data: { doc: d } }, h("div", null, srcTag(d), " ", extra || ""),
    h("div", null, context(d, start, end)), readLink(d, start, end));
}

/* The side panel: the evidence behind whatever was clicked. */
function openPanel(title, ...kids) {
  const p = document.getElementById("panel");
  p.replaceChildren(h("div", { style: { display: "flex", "justify-content": "space-between" } },
    h("h3", null, title), button("✕ close", closePanel, "small")), ...kids.flat());
  p.hidden = false;
  document.querySelector("main").classList.add("with-panel");
}

function closePanel() {
  document.getElementById("panel").hidden = true;
  document.querySelector("main").classList.remove("with-panel");
}

/* Render a long list a page at a time: views stay fast with a thousand documents. */
function paged(mount, items, render, size, after) {
  let shown = 0;
  const more = h("div", { class: "more" });
  const step = () => {
    const frag = document.createDocumentFragment();
    for (const it of items.slice(shown, shown + size)) frag.appendChild(render(it));
    mount.appendChild(frag);
    shown = Math.min(items.length, shown + size);
    more.replaceChildren(shown < items.length ?
      button("Show " + Math.min(size, items.length - shown) + " more (" + (items.length - shown) + " left)",
        step, "small") : "");
  };
  step();
  (after || mount.parentNode || mount).appendChild(more);
  return more;
}

function empty(root, message) { root.appendChild(h("p", { class: "note empty" }, message)); }

/* Routing: #view or #view/argument; filters stay in memory. */
function go(view, arg) { location.hash = "#" + view + (arg ? "/" + arg : ""); }

function route() {
  const raw = decodeURIComponent(location.hash.slice(1));
  const cut = raw.indexOf("/");
  const view = cut < 0 ? raw : raw.slice(0, cut);
  S.view = VIEWS[view] ? view : "brief";
  S.arg = cut < 0 ? "" : raw.slice(cut + 1);
  show();
}

function show() {
  for (const [name, v] of Object.entries(VIEWS)) {
    const sec = document.getElementById("view-" + name);
    const on = name === S.view;
    sec.hidden = !on;
    document.getElementById("tab-" + name).setAttribute("aria-selected", on ? "true" : "false");
    if (on && (S.dirty[name] !== false || S.shownArg[name] !== S.arg)) {
      sec.replaceChildren();
      v.render(sec, S.arg);
      S.dirty[name] = false;
      S.shownArg[name] = S.arg;
    }
  }
}

function refresh() {
  for (const name of Object.keys(VIEWS)) S.dirty[name] = true;
  updateFilterNote();
  show();
}

function setActor(e) { S.actor = e; setActorOption(e); refresh(); }

function view(name, label, render) { VIEWS[name] = { label, render }; }
