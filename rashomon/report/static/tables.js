/* The table views: sources, actors, the claims matrix, contradictions and fact conflicts. */

function stanceChip(st) {
  if (!st) return h("span", { class: "st st-none", title: "no stance found" }, "—");
  return h("button", { type: "button", class: "st st-" + st.label, title: st.label + " " + fmt(st.score),
    on: { click: () => stancePanel(st) } }, st.label + " " + fmt(st.score));
}

function stancePanel(st) {
  const e = M.entities[st.e];
  openPanel("How " + docLabel(st.d) + " treats " + e.name,
    h("p", null, h("span", { class: "st st-" + st.label }, st.label + " " + fmt(st.score))),
    st.terms.length ? h("p", null, "Loaded words: ", st.terms.map((t) => h("span", { class: "chip" }, t))) : "",
    h("h3", null, "Evidence"),
    st.evidence.length ? st.evidence.map((c) => claimEvidence(c)) : h("p", { class: "note" }, "No claim given."),
    h("h3", null, "Mentions"),
    IX.mentions[st.d].filter((m) => m[2] === st.e).slice(0, 30).map(([s, t]) => evidence(st.d, s, t)));
}

/* A claim of a reader comment has its offsets in the comment, not in the text: shown as itself. */
function inText(cl) { return M.docs[cl.d].text.slice(cl.start, cl.end) === cl.text; }

function claimEvidence(c) {
  const cl = M.claims[c];
  const who = cl.speaker ? h("span", { class: "note" }, "on the authority of ", cl.speaker) : "";
  const head = h("span", null, h("span", { class: "kind" }, cl.kind), who);
  if (inText(cl)) return evidence(cl.d, cl.start, cl.end, head);
  return h("div", { class: "ev", data: { doc: cl.d } }, h("div", null, srcTag(cl.d), " ", head, " ",
    h("span", { class: "note" }, "reader comment")), h("div", { class: "ctx" }, cl.text), readLink(cl.d, -1, -1, "Open →"));
}

function leanOf(d) {
  let sum = 0, weight = 0;
  const mine = M.stances.filter((s) => s.d === d && actOk([s.e]));
  for (const s of mine) { const w = 1 + s.evidence.length; sum += s.score * w; weight += w; }
  return { score: weight ? sum / weight : null, stances: mine.sort((a, b) => Math.abs(b.score) - Math.abs(a.score)) };
}

function leanCell(d) {
  const lean = leanOf(d);
  const framing = framingText(M.framing[String(d)]);
  if (lean.score === null) return h("td", { class: "note" }, "no stance", framing ? h("div", null, short(framing, 160)) : "");
  return h("td", null, h("span", { class: "lean", title: "overall lean " + fmt(lean.score) },
    h("i", { style: { left: ((lean.score + 1) * 50 - 1.5).toFixed(1) + "%" } })), fmt(lean.score),
    h("div", null, lean.stances.slice(0, 3).map((s) => h("button", { type: "button", class: "chip",
      on: { click: () => stancePanel(s) } }, M.entities[s.e].name + " " + fmt(s.score)))),
    framing ? h("div", { class: "note framing" }, short(framing, 160)) : "");
}

/* One actor's framing row: its name, label and score, and the loaded terms behind them. */
function actorFraming(a) {
  const terms = (a.terms || []).join(", ");
  return a.name + ": " + (a.label || "") + (typeof a.score === "number" ? " " + fmt(a.score) : "") +
    (terms ? " (" + terms + ")" : "");
}

/* Per-source framing notes, whatever shape a stage gives them: the strings inside, keyed; ids left out. */
function framingText(value, key) {
  if (value === null || value === undefined || value === "" || key === "source" || key === "doc" ||
      key === "entity") return "";
  if (key === "actors" && Array.isArray(value)) return value.filter((a) => a && a.name).map(actorFraming).join("; ");
  if (Array.isArray(value)) return value.map((v) => framingText(v)).filter(Boolean).join(", ");
  if (typeof value === "object") {
    return Object.entries(value).map(([k, v]) => { const t = framingText(v, k); return t && (k + ": " + t); })
      .filter(Boolean).join("; ");
  }
  return String(value);
}

function countKinds(d) {
  const k = { fact: 0, opinion: 0, quote: 0 };
  for (const c of IX.claims[d]) if (M.claims[c].kind in k) k[M.claims[c].kind] += 1;
  return k;
}

function sourceRow(d) {
  const doc = M.docs[d], k = countKinds(d);
  return h("tr", { data: { doc: d } },
    h("td", null, srcTag(d), h("div", null, readLink(d, -1, -1, "Read"))),
    h("td", null, doc.title || ""), h("td", null, doc.author || "", doc.role ? h("div", { class: "note" }, doc.role) : ""),
    h("td", null, doc.published || "undated"), h("td", null, doc.language || "?"),
    h("td", { class: "num" }, doc.words.toLocaleString("en")),
    h("td", { class: "num", title: "facts / opinions / quotes" }, k.fact + " / " + k.opinion + " / " + k.quote),
    h("td", { class: "num" }, IX.cites[d].length), h("td", { class: "num" }, doc.comments.length),
    leanCell(d));
}

view("sources", "Sources", (root) => {
  const docs = M.docs.map((_, i) => i).filter(docVisible)
    .sort((a, b) => (M.docs[a].published || "9999").localeCompare(M.docs[b].published || "9999") || a - b);
  root.dataset.count = docs.length;
  root.appendChild(h("h2", null, "Sources (" + docs.length + ")"));
  if (!docs.length) return empty(root, "No source matches the filters.");
  const body = h("tbody");
  root.appendChild(h("table", { class: "grid", id: "sources-table" }, h("thead", null, h("tr", null,
    ["Source", "Title", "Author", "Date", "Lang.", "Words", "Claims f/o/q", "Cites", "Comments", "Overall lean"]
      .map((t) => h("th", null, t)))), body));
  paged(body, docs, sourceRow, 200, root);
  if (M.skipped.length) {
    root.appendChild(h("h3", null, "Skipped inputs (" + M.skipped.length + ")"));
    root.appendChild(h("ul", { class: "note" }, M.skipped.map((s) => h("li", null, s.source + ": " + s.reason))));
  }
});

function spellingChip(e, form, d) {
  return h("button", { type: "button", class: "chip spelling", title: "see the mentions",
    on: { click: () => mentionsPanel(e, form, d) } }, form);
}

/* Many sources: each spelling once, with the sources that use it. */
function spellingRows(e, docs) {
  const forms = new Map();
  for (const d of docs) for (const f of M.entities[e].spellings[String(d)] || []) {
    if (!forms.has(f)) forms.set(f, []);
    forms.get(f).push(d);
  }
  return [...forms.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 30).map(([form, ds]) =>
    h("div", null, spellingChip(e, form), " ", ds.slice(0, 8).map((d, i) => [i ? " · " : "", srcTag(d)]),
      ds.length > 8 ? h("span", { class: "note" }, " and " + (ds.length - 8) + " more sources") : ""));
}

function mentionsPanel(e, form, doc) {
  const rows = M.entities[e].mentions.filter(([d, s, t]) => srcOk(d) && (doc === undefined || d === doc) &&
    (!form || M.docs[d].text.slice(s, t) === form));
  openPanel((form ? "“" + form + "”: " : "") + M.entities[e].name, rows.slice(0, 60).map(([d, s, t]) => evidence(d, s, t)),
    rows.length > 60 ? h("p", { class: "note" }, rows.length - 60 + " more mentions") : "");
}

function stanceTable(e, docs) {
  openPanel("Stances toward " + M.entities[e].name, h("table", { class: "grid" }, docs.map((d) =>
    h("tr", null, h("td", null, srcTag(d)), h("td", null, stanceChip(IX.stance.get(d + ":" + e))),
      h("td", { class: "note" }, (M.entities[e].spellings[String(d)] || []).join(", "))))));
}

function actorHead(e, reach, total) {
  const ent = M.entities[e];
  return h("td", { class: "who-actor" }, h("b", { class: "name" }, ent.name), " ", h("span", { class: "kind" }, ent.type),
    h("div", { class: "note" }, ent.mentions.length + " mentions in " + reach + " of " + total + " sources"),
    button("filter", () => setActor(e), "small"), " ", button("all mentions", () => mentionsPanel(e, null), "small"));
}

/* One row per actor: with few sources a cell per source (its spellings and its stance). */
function actorRow(e, docs) {
  const mine = docs.filter((d) => IX.entDocs[e].has(d));
  const row = h("tr", { class: "actor", id: "actor-" + e, data: { entity: e } }, actorHead(e, mine.length, docs.length));
  if (docs.length <= 12) {
    return append(row, docs.map((d) => h("td", { data: { doc: d } }, IX.entDocs[e].has(d) ?
      [(M.entities[e].spellings[String(d)] || []).map((f) => spellingChip(e, f, d)), h("div", null,
        stanceChip(IX.stance.get(d + ":" + e)))] : h("span", { class: "note" }, "not mentioned"))));
  }
  const counts = {};
  for (const d of mine) { const s = IX.stance.get(d + ":" + e); const k = s ? s.label : "no stance"; counts[k] = (counts[k] || 0) + 1; }
  return append(row, [h("td", null, spellingRows(e, mine)), h("td", null, h("div", { class: "note" },
    Object.entries(counts).map(([k, n]) => k + " " + n).join(", ")),
    button("per-source stances", () => stanceTable(e, mine), "small"))]);
}

view("actors", "Actors", (root, arg) => {
  const docs = visibleDocs();
  const ents = M.entities.map((_, i) => i).filter((e) => (S.actor < 0 || e === S.actor) &&
    docs.some((d) => IX.entDocs[e].has(d)));
  const reach = new Map(ents.map((e) => [e, docs.filter((d) => IX.entDocs[e].has(d)).length]));
  ents.sort((a, b) => reach.get(b) - reach.get(a) || M.entities[b].mentions.length - M.entities[a].mentions.length);
  root.dataset.count = ents.length;
  root.appendChild(h("h2", null, "Actors (" + ents.length + ")"));
  root.appendChild(h("p", { class: "note" }, "Each actor once, however each source spells it, and its stance in each " +
    "source. Click a spelling for its mentions, a stance for its evidence."));
  if (!ents.length) return empty(root, "No actor matches the filters.");
  const focus = M.entities.findIndex((x) => x.id === arg);
  if (focus >= 0 && ents.includes(focus)) ents.unshift(...ents.splice(ents.indexOf(focus), 1));
  const body = h("tbody");
  const heads = docs.length <= 12 ? docs.map((d) => h("th", null, srcTag(d))) : [h("th", null, "Spellings (sources)"),
    h("th", null, "Stances")];
  root.appendChild(h("div", { class: "scroll" }, h("table", { class: "grid", id: "actors-table" },
    h("thead", null, h("tr", null, h("th", null, "Actor"), heads)), body)));
  paged(body, ents, (e) => actorRow(e, docs), 100, root);
  if (focus >= 0) { const row = document.getElementById("actor-" + focus); if (row) row.classList.add("focus"); }
});

const CELL = { asserts: "✓", contradicts: "✗", both: "±" };

function groupPanel(g, d) {
  const grp = M.groups[g];
  const members = grp.claims.map((c, i) => [c, grp.side[i]]).filter(([c]) => d === undefined || M.claims[c].d === d);
  openPanel(d === undefined ? "Claim group" : docLabel(d) + " on this claim", members.map(([c, side]) =>
    claimEvidence(c)).map((n, i) => append(n, [h("div", { class: "note" }, members[i][1] ? "contradicts the group's claim"
      : "asserts the group's claim")])));
}

function matrixRow(g, cols) {
  const grp = M.groups[g], label = M.claims[grp.label];
  return h("tr", { id: "group-" + g, data: { group: g } },
    h("td", { class: "claim" }, button(short(label.text, 160), () => groupPanel(g)),
      h("div", { class: "note" }, docLabel(label.d), grp.consistent ? "" : " · links disagree with each other")),
    cols.map((d) => {
      const v = grp.cells[String(d)];
      return h("td", { class: "cell", data: { state: v || "silent" } }, v ? h("button", { type: "button",
        class: "c-" + v, title: docLabel(d) + " " + v, on: { click: () => groupPanel(g, d) } }, CELL[v]) :
        h("span", { class: "c-silent", title: docLabel(d) + " is silent" }, "·"));
    }));
}

view("claims", "Claims matrix", (root, arg) => {
  const groups = M.groups.map((_, i) => i).filter((g) => M.groups[g].claims.some((c) =>
    srcOk(M.claims[c].d) && actOk(M.claims[c].ents)));
  const part = new Map();
  for (const g of groups) for (const k of Object.keys(M.groups[g].cells)) part.set(+k, (part.get(+k) || 0) + 1);
  const cols = [...part.keys()].filter(srcOk).sort((a, b) => part.get(b) - part.get(a) || a - b).slice(0, 40);
  root.dataset.count = groups.length;
  root.appendChild(h("h2", null, "Claims matrix (" + groups.length + " claim groups × " + cols.length + " sources)"));
  root.appendChild(h("div", { class: "legend" }, [["asserts", "✓ asserts"], ["contradicts", "✗ contradicts"],
    ["both", "± reports both sides"]].map(([k, t]) => h("span", null, h("span", { class: "swatch c-" + k }), t)),
    h("span", null, "· silent")));
  if (part.size > cols.length) root.appendChild(h("p", { class: "note" }, "Showing the " + cols.length +
    " sources in most groups; narrow the sources filter to choose others."));
  if (!groups.length) return empty(root, "No claims were linked across sources" + (S.actor >= 0 ? " for this actor." : "."));
  const body = h("tbody");
  root.appendChild(h("div", { class: "scroll" }, h("table", { class: "matrix", id: "claims-matrix" },
    h("thead", null, h("tr", null, h("th", null, "Claim"), cols.map((d) => h("th", { class: "src", title: docLabel(d) },
      docLabel(d))))), body)));
  const focus = groups.indexOf(Number(arg));
  if (focus > 0) groups.unshift(...groups.splice(focus, 1));
  paged(body, groups, (g) => matrixRow(g, cols), 100, root);
});

function linkCard(li, possible) {
  const [a, b, rel, score] = possible ? M.possible[li] : M.links[li];
  const kind = possible ? "possible " + (rel === "agree" ? "agreement" : "contradiction") : "contradiction";
  return h("div", { class: "card contradiction" + (possible ? " possible" : ""), id: (possible ? "possible-" : "link-") + li,
    data: { link: li } },
    h("div", null, h("span", { class: "kind" }, kind), h("span", { class: "note" }, "confidence " +
      score.toFixed(2) + (possible ? " (below the threshold for a shown link)" : ""))),
    h("div", { class: "sides" }, [a, b].map((c) => {
      const cl = M.claims[c];
      return h("div", { class: "side", style: { "border-left-color": colour(cl.d) } }, srcTag(cl.d),
        h("div", { class: cl.kind === "quote" ? "quote" : "" }, cl.text),
        cl.speaker ? h("div", { class: "note" }, "on the authority of ", cl.speaker) : "",
        inText(cl) ? readLink(cl.d, cl.start, cl.end) : readLink(cl.d, -1, -1, "Open →"));
    })));
}

function conflictCard(ci) {
  const c = M.conflicts[ci];
  return h("div", { class: "card conflict", id: "conflict-" + ci, data: { conflict: ci, kind: c.kind } },
    h("div", null, h("span", { class: "kind " + c.kind }, c.kind), c.subject ? h("b", null, c.subject, " · ") : "",
      h("span", null, c.explanation)),
    h("div", { class: "sides" }, c.items.filter((it) => srcOk(it.d)).map((it) =>
      h("div", { class: "side", style: { "border-left-color": colour(it.d) } }, srcTag(it.d),
        h("div", { class: "value" }, it.value), h("div", null, context(it.d, it.start, it.end)),
        readLink(it.d, it.start, it.end)))));
}

view("conflicts", "Contradictions", (root, arg) => {
  const links = M.links.map((_, i) => i).filter((li) => {
    const [a, b, rel] = M.links[li];
    return rel === "contradict" && (srcOk(M.claims[a].d) || srcOk(M.claims[b].d)) &&
      (actOk(M.claims[a].ents) || actOk(M.claims[b].ents));
  });
  const conflicts = M.conflicts.map((_, i) => i).filter((ci) => {
    const its = M.conflicts[ci].items;
    return its.some((it) => srcOk(it.d)) && (S.actor < 0 || its.some((it) => actOk(it.ents)) ||
      M.conflicts[ci].subject === M.entities[S.actor].name);
  });
  root.dataset.count = links.length + conflicts.length;
  root.appendChild(h("h2", null, "Fact conflicts (" + conflicts.length + ")"));
  if (!conflicts.length) empty(root, "No dates, numbers or facts in conflict.");
  const box = h("div", { id: "conflict-list" });
  root.appendChild(box);
  paged(box, conflicts, conflictCard, 50, root);
  const box2 = h("div", { id: "contradiction-list" });
  root.appendChild(h("h2", null, "Contradicting claims (" + links.length + ")"));
  if (!links.length) empty(root, "No claims contradict each other.");
  root.appendChild(box2);
  paged(box2, links, (li) => linkCard(li, false), 50, root);
  const possible = (M.possible || []).map((_, i) => i).filter((li) => srcOk(M.claims[M.possible[li][0]].d) ||
    srcOk(M.claims[M.possible[li][1]].d));
  if (possible.length) {
    const box3 = h("div", { id: "possible-list" });
    root.appendChild(h("h2", null, "Possible links, not confirmed (" + possible.length + ")"));
    root.appendChild(box3);
    paged(box3, possible, (li) => linkCard(li, true), 50, root);
  }
  const focus = document.getElementById(arg);
  if (focus) { focus.classList.add("focus"); focus.scrollIntoView({ block: "center" }); }
});
