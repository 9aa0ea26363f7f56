/* The reading view: one document with its actors, claims, quotes, citations, events and comments
   highlighted; every highlight opens the evidence and links back into the map views. */

const LAYERS = [["ent", [["a-ent", "actors"]]], ["claim", [["a-claim a-fact", "facts"], ["a-claim a-opinion", "opinions"],
  ["a-claim a-quote", "quotes"]]], ["contra", [["a-contra", "contradicted"]]], ["cite", [["a-cite", "citations"]]],
  ["event", [["a-event", "events"]]], ["conf", [["a-conf", "fact conflicts"]]]];

function annotations(d, target) {
  const doc = M.docs[d], len = doc.text.length, out = [];
  const add = (start, end, type, ref, cls) => {
    if (start >= 0 && end <= len && start < end) out.push({ start, end, type, ref, cls });
  };
  if (doc.header_end > 0) add(0, doc.header_end, "hdr", -1, "hdr");
  for (const [s, t, e] of IX.mentions[d]) add(s, t, "ent", e, "a-ent" + (e === S.actor ? " a-focus" : ""));
  for (const c of IX.claims[d]) {
    const cl = M.claims[c];
    if (cl.section === "comment" && doc.text.slice(cl.start, cl.end) !== cl.text) continue;
    add(cl.start, cl.end, "claim", c, "a-claim a-" + cl.kind + (IX.contra.has(c) ? " a-contra" : ""));
  }
  for (const ci of IX.cites[d]) add(M.citations[ci].start, M.citations[ci].end, "cite", ci, "a-cite");
  for (const ei of IX.events[d]) add(M.events[ei].start, M.events[ei].end, "event", ei, "a-event");
  M.conflicts.forEach((c, ci) => c.items.forEach((it) => { if (it.d === d) add(it.start, it.end, "conflict", ci, "a-conf"); }));
  if (target) add(target[0], target[1], "target", -1, "target");
  return out;
}

/* Split the text where any annotation starts or ends; each piece knows what covers it. */
function segments(text, anns) {
  const cuts = new Set([0, text.length]);
  for (const a of anns) { cuts.add(a.start); cuts.add(a.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...anns].sort((a, b) => a.start - b.start);
  const out = [];
  let active = [], next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
    active = active.filter((x) => x.end > a);
    out.push([a, b, active.filter((x) => x.start <= a && x.end >= b)]);
  }
  return out;
}

function eventRow(ei) {
  return M.timeline.find((r) => r.reports.some((p) => p.ev === ei));
}

function annItem(a) {
  if (a.type === "ent") {
    const e = M.entities[a.ref];
    return h("div", { class: "ev" }, h("span", { class: "kind" }, "actor"), h("b", null, e.name), " ", e.type, " ",
      button("open in actors", () => go("actors", e.id), "small"), " ",
      button("filter by this actor", () => setActor(a.ref), "small"));
  }
  if (a.type === "claim") {
    const c = M.claims[a.ref], g = IX.group.get(a.ref), chain = c.chain.map((x) =>
      [x.speaker, x.cue, x.via ? "via " + x.via : ""].filter(Boolean).join(" ")).join(" ← ");
    return h("div", { class: "ev" }, h("span", { class: "kind" }, c.kind + " claim"),
      c.speaker ? h("span", { class: "note" }, "on the authority of " + c.speaker) : "",
      chain ? h("div", { class: "note" }, "chain: " + chain) : "", h("div", null, c.text),
      g !== undefined ? button("open in the claims matrix", () => go("claims", String(g)), "small") : "", " ",
      (IX.contra.get(a.ref) || []).map((li) => button("see the contradiction", () => go("conflicts", "link-" + li), "small")));
  }
  if (a.type === "cite") {
    const c = M.citations[a.ref];
    return h("div", { class: "ev" }, h("span", { class: "kind" }, "cites " + c.kind), h("b", null, c.cited),
      c.reference ? h("div", { class: "note" }, "reference: " + c.reference) : "",
      c.resolved ? "" : h("div", { class: "warn" }, "the reference is missing"),
      button("open the citation graph", () => go("citations"), "small"));
  }
  if (a.type === "event") {
    const ev = M.events[a.ref], row = eventRow(a.ref);
    return h("div", { class: "ev" }, h("span", { class: "kind" }, "event " + ev.type), ev.date || "undated", " ",
      row ? button("open on the timeline", () => go("timeline", row.cluster), "small") : "");
  }
  const c = M.conflicts[a.ref];
  return h("div", { class: "ev" }, h("span", { class: "kind " + c.kind }, c.kind + " conflict"), c.explanation, " ",
    button("open the conflict", () => go("conflicts", "conflict-" + a.ref), "small"));
}

function annPanel(d, start, end, anns) {
  const items = anns.filter((a) => a.ref >= 0);
  if (!items.length) return;
  openPanel("In " + docLabel(d), h("div", { class: "ctx" }, context(d, start, end, 60)), items.map(annItem));
}

function docText(d, target) {
  const text = M.docs[d].text, box = h("div", { class: "doctext", id: "doc-text", data: { doc: d } });
  const segs = segments(text, annotations(d, target));
  const frag = document.createDocumentFragment();
  segs.forEach(([a, b, anns], i) => {
    const piece = text.slice(a, b);
    frag.appendChild(anns.length ? h("span", { class: anns.map((x) => x.cls).join(" "), data: { s: i } }, piece) :
      document.createTextNode(piece));
  });
  box.appendChild(frag);
  box.addEventListener("click", (ev) => {
    const el = ev.target.closest("[data-s]");
    if (el) { const [a, b, anns] = segs[Number(el.dataset.s)]; annPanel(d, a, b, anns); }
  });
  return box;
}

function commentBlock(d, text) {
  const claims = IX.claims[d].filter((c) => M.claims[c].section === "comment" && text.includes(M.claims[c].text));
  const box = h("blockquote", { class: "comment" });
  let at = 0;
  for (const c of claims.sort((x, y) => text.indexOf(M.claims[x].text) - text.indexOf(M.claims[y].text))) {
    const i = text.indexOf(M.claims[c].text, at);
    if (i < 0) continue;
    append(box, [text.slice(at, i), h("span", { class: "a-claim a-" + M.claims[c].kind, on: { click: () =>
      openPanel("Reader comment", annItem({ type: "claim", ref: c })) } }, M.claims[c].text)]);
    at = i + M.claims[c].text.length;
  }
  return append(box, [text.slice(at)]);
}

function docHeader(d, docs) {
  const doc = M.docs[d], pos = docs.indexOf(d);
  const pick = h("select", { id: "doc-pick", "aria-label": "document", on: { change: (ev) =>
    go("reading", M.docs[Number(ev.target.value)].id) } },
    (docs.includes(d) ? docs : [d, ...docs]).slice(0, 2000).map((i) =>
      h("option", { value: i, selected: i === d }, short(docLabel(i) + " — " + (M.docs[i].title || ""), 90))));
  const step = (k) => docs[pos + k] !== undefined && go("reading", M.docs[docs[pos + k]].id);
  return h("div", null, h("div", { class: "bar", style: { position: "static", padding: "0 0 8px", border: "0" } },
    pick, button("◀ previous", () => step(-1), "small"), button("next ▶", () => step(1), "small"),
    LAYERS.map(([k, samples]) => h("label", null, h("input", { type: "checkbox", checked: true, data: { layer: k },
      on: { change: (ev) => document.getElementById("doc-text").classList.toggle("hide-" + k, !ev.target.checked) } }),
    samples.map(([cls, label]) => [" ", h("span", { class: cls }, label)])))),
  h("h2", null, doc.title || doc.source),
  h("p", { class: "note" }, [doc.outlet, doc.author && "by " + doc.author + (doc.role ? ", " + doc.role : ""),
    doc.published || "undated", doc.language, doc.words + " words", doc.url].filter(Boolean).join(" · ")));
}

view("reading", "Reading", (root, arg) => {
  const [key, at] = (arg || "").split("/");
  const docs = M.docs.map((_, i) => i).filter(docVisible);
  const d = IX.docByKey.has(key) ? IX.docByKey.get(key) : docs[0];
  if (d === undefined) { root.dataset.count = 0; return empty(root, "No document matches the filters."); }
  const target = at ? at.split("-").map(Number) : null;
  root.dataset.count = 1;
  root.dataset.doc = M.docs[d].id;
  root.appendChild(docHeader(d, docs));
  root.appendChild(docText(d, target));
  if (M.docs[d].comments.length) {
    root.appendChild(h("h3", null, "Reader comments (" + M.docs[d].comments.length + "), not the outlet's text"));
    root.appendChild(h("div", { class: "comments", id: "doc-comments" }, M.docs[d].comments.map((c) => commentBlock(d, c))));
  }
  const hit = root.querySelector(".target");
  if (hit) hit.scrollIntoView({ block: "center" });
});
