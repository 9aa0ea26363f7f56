/* The pictures: the timeline, the citation graph and the agreement heat map, drawn as SVG. */

const DAY = 86400000;

function ticks(lo, hi) {
  const span = hi - lo, out = [];
  const d0 = new Date(lo * DAY);
  if (span > 3 * 365) {
    const step = Math.max(1, Math.ceil(span / 365 / 12));
    for (let y = d0.getUTCFullYear(); ; y += step) {
      const t = Date.UTC(y, 0, 1) / DAY;
      if (t > hi) break;
      if (t >= lo) out.push([t, String(y)]);
    }
  } else if (span > 62) {
    const step = Math.max(1, Math.ceil(span / 30 / 12));
    for (let m = d0.getUTCFullYear() * 12 + d0.getUTCMonth(); ; m += step) {
      const t = Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY;
      if (t > hi) break;
      if (t >= lo) out.push([t, new Date(t * DAY).toISOString().slice(0, 7)]);
    }
  } else {
    const step = Math.max(1, Math.ceil(span / 12));
    for (let t = Math.ceil(lo); t <= hi; t += step) out.push([t, new Date(t * DAY).toISOString().slice(0, 10)]);
  }
  return out;
}

function repPanel(row) {
  openPanel(row.label, h("p", null, h("span", { class: "kind" }, row.type || "event"), row.date || ""),
    row.conflicts.map((ci) => h("p", null, h("span", { class: "kind date" }, "date conflict"), M.conflicts[ci].explanation,
      " ", button("open the conflict", () => go("conflicts", "conflict-" + ci), "small"))),
    row.reports.filter((r) => srcOk(r.d)).map((r) => evidence(r.d, r.start, r.end,
      h("span", { class: r.flag ? "warn" : "" }, "dated " + (r.date || "?") + (r.flag ? " ⚠ disagrees" : "")))));
}

/* "2021-03-02: A, B · 2021-03-01: C": what each source says, under a row whose dates disagree. */
function disagreement(reps) {
  const by = new Map();
  for (const p of reps.filter((p) => p.range)) {
    const k = p.date || "?";
    if (!by.has(k)) by.set(k, []);
    if (!by.get(k).includes(docLabel(p.d))) by.get(k).push(docLabel(p.d));
  }
  return [...by.entries()].map(([k, v]) => k + ": " + v.join(", ")).join("  ·  ");
}

function timelineSvg(rows, width) {
  const labelW = 300, top = 34, W = Math.max(760, width);
  const heights = rows.map((x) => (x.r.flag ? 46 : 28)), ys = [];
  heights.reduce((y, hgt) => { ys.push(y); return y + hgt; }, top);
  const bottom = top + heights.reduce((a, b) => a + b, 0);
  const ranges = rows.flatMap((x) => x.reps.filter((r) => r.range).map((r) => r.range));
  let lo = Math.min(...ranges.map((r) => r[0])), hi = Math.max(...ranges.map((r) => r[1]));
  const pad = Math.max(10, (hi - lo) * 0.04);
  lo -= pad; hi += pad;
  const x = (t) => labelW + ((t - lo) / (hi - lo)) * (W - labelW - 24);
  const root = svg("svg", { width: W, height: bottom + 10, id: "timeline-svg", role: "img" });
  root.appendChild(svg("g", { class: "grid" }, ticks(lo, hi).map(([t, label]) => svg("g", null,
    svg("line", { x1: x(t), x2: x(t), y1: top - 6, y2: bottom }),
    svg("text", { x: x(t), y: top - 12, "text-anchor": "middle" }, label)))));
  rows.forEach(({ i, r, reps }, k) => {
    const y = ys[k] + 14;
    const g = svg("g", { class: "row" + (r.flag ? " flagged" : ""), data: { cluster: r.cluster, row: i } });
    g.appendChild(svg("text", { x: 6, y: y + 4, class: "lbl", on: { click: () => repPanel(r) } },
      r.flag ? svg("tspan", { class: "warn" }, "⚠ ") : "", short(r.label, 44), svg("title", null, r.label)));
    if (r.flag) g.appendChild(svg("text", { x: 22, y: y + 22, class: "warn disagree" }, short(disagreement(reps), 150)));
    const dated = reps.filter((p) => p.range);
    if (r.flag && dated.length > 1) {
      const xs = dated.map((p) => x((p.range[0] + p.range[1]) / 2));
      g.appendChild(svg("line", { class: "flagline", x1: Math.min(...xs), x2: Math.max(...xs), y1: y, y2: y }));
    }
    dated.forEach((p, j) => {
      const dy = (j - (dated.length - 1) / 2) * (r.flag ? 7 : 4), cls = "rep" + (p.flag ? " flag" : "");
      const tip = svg("title", null, docLabel(p.d) + ": " + (p.date || "?") + (p.flag ? " (date conflict)" : ""));
      const on = { click: () => repPanel(r) };
      const mark = p.range[1] - p.range[0] > 2 ?
        svg("rect", { class: cls, x: x(p.range[0]), y: y + dy - 5, height: 10, rx: 3, fill: colour(p.d),
          width: Math.max(6, x(p.range[1]) - x(p.range[0])), "fill-opacity": 0.6, on, data: { doc: p.d } }, tip) :
        svg("circle", { class: cls, cx: x(p.range[0]), cy: y + dy, r: 6, fill: colour(p.d), on, data: { doc: p.d } }, tip);
      g.appendChild(mark);
    });
    root.appendChild(g);
  });
  return root;
}

view("timeline", "Timeline", (root, arg) => {
  const rows = M.timeline.map((r, i) => ({ i, r, reps: r.reports.filter((p) => srcOk(p.d)) }))
    .filter((x) => x.reps.length && (S.actor < 0 || x.reps.some((p) => actOk(p.ents))));
  const dated = rows.filter((x) => x.reps.some((p) => p.range)), undated = rows.filter((x) => !dated.includes(x));
  root.dataset.count = rows.length;
  root.appendChild(h("h2", null, "Timeline (" + dated.length + " dated events" +
    (rows.some((x) => x.r.flag) ? ", " + rows.filter((x) => x.r.flag).length + " with conflicting dates" : "") + ")"));
  const docs = [...new Set(rows.flatMap((x) => x.reps.map((p) => p.d)))].slice(0, 40);
  root.appendChild(h("div", { class: "legend" }, docs.map((d) => h("span", null, srcTag(d))),
    h("span", { class: "warn" }, "⚠ sources disagree on the date")));
  if (!dated.length) empty(root, "No dated event matches the filters.");
  const focus = dated.findIndex((x) => x.r.cluster === arg);
  if (focus > 0) dated.unshift(...dated.splice(focus, 1));
  const box = h("div", { class: "scroll" });
  root.appendChild(box);
  let n = 0;
  const more = h("div", { class: "more" });
  const draw = () => {
    n += 150;
    box.replaceChildren(timelineSvg(dated.slice(0, n), root.clientWidth - 10));
    more.replaceChildren(n < dated.length ? button("Show more events (" + (dated.length - n) + " left)", draw, "small") : "");
  };
  if (dated.length) draw();
  root.appendChild(more);
  if (undated.length) {
    root.appendChild(h("h3", null, "Undated events (" + undated.length + ")"));
    const list = h("ul");
    root.appendChild(list);
    paged(list, undated, (x) => h("li", null, button(short(x.r.label, 120), () => repPanel(x.r)), " ",
      h("span", { class: "note" }, x.reps.map((p) => docLabel(p.d)).join(", "))), 100, root);
  }
});

const KIND_COLOUR = { outlet: "#2f5fa7", person: "#8e44ad", organization: "#16a085", document: "#7f8c8d", footnote: "#d35400" };

function citesPanel(title, ids) {
  openPanel(title, ids.slice(0, 80).map((ci) => {
    const c = M.citations[ci];
    return evidence(c.d, c.start, c.end, h("span", null, "cites ", h("b", null, c.cited), " ",
      h("span", { class: "kind" }, c.kind), c.speaker ? h("span", { class: "note" }, " via " + c.speaker) : "",
      c.resolved ? "" : h("span", { class: "warn" }, " reference missing")));
  }));
}

function citeFilter() {
  const names = S.actor < 0 ? [] : [M.entities[S.actor].name, ...M.entities[S.actor].aliases].map((x) => x.toLowerCase());
  return (ci) => {
    const c = M.citations[ci];
    return srcOk(c.d) && (S.actor < 0 || actOk(c.ents) || names.includes(String(c.cited).toLowerCase()));
  };
}

function graphSvg(edges, nodes) {
  const left = [...new Set(edges.map((e) => e.source))].sort((a, b) => nodes.get(a).label.localeCompare(nodes.get(b).label));
  const weight = new Map();
  for (const e of edges) weight.set(e.target, (weight.get(e.target) || 0) + e.ids.length);
  const right = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a)).slice(0, 120);
  const rowH = 24, top = 26, W = 1000, lx = 280, rx = W - 360;
  const H = top + Math.max(left.length, right.length) * rowH + 10;
  const yl = new Map(left.map((id, i) => [id, top + i * rowH + rowH / 2]));
  const yr = new Map(right.map((id, i) => [id, top + i * rowH + rowH / 2]));
  const root = svg("svg", { width: W, height: H, id: "citation-svg", role: "img" },
    svg("text", { x: lx, y: 14, "text-anchor": "end", class: "note" }, "source that relies…"),
    svg("text", { x: rx, y: 14 }, "…on whom"));
  for (const e of edges.filter((e) => yr.has(e.target))) {
    const [y1, y2, mx] = [yl.get(e.source), yr.get(e.target), (lx + rx) / 2];
    root.appendChild(svg("path", { class: "edge" + (nodes.get(e.target).missing ? " missing" : ""),
      d: `M${lx},${y1} C${mx},${y1} ${mx},${y2} ${rx},${y2}`, "stroke-width": 1.5 + Math.log2(e.ids.length) * 1.5,
      data: { source: e.source, target: e.target }, on: { click: () => citesPanel(nodes.get(e.source).label + " → " +
        nodes.get(e.target).label, e.ids) } }, svg("title", null, nodes.get(e.source).label + " → " +
      nodes.get(e.target).label + " (" + e.ids.length + ")")));
  }
  const byNode = new Map();
  for (const e of edges) for (const key of ["s" + e.source, "t" + e.target]) {
    if (!byNode.has(key)) byNode.set(key, []);
    byNode.get(key).push(...e.ids);
  }
  const node = (id, x, y, side) => {
    const n = nodes.get(id), ids = byNode.get((side ? "t" : "s") + id);
    const d = n.doc ? IX.docByKey.get(n.doc) : -1;
    const fill = d >= 0 ? colour(d) : KIND_COLOUR[n.kind] || "#7f8c8d";
    return svg("g", { class: "node " + (side ? "cited" : "citing"), data: { node: id }, on: { click: () =>
      citesPanel(n.label, ids) } },
      svg("circle", { cx: x, cy: y, r: 4 + Math.min(8, Math.sqrt(ids.length) * 2), fill,
        stroke: d >= 0 && side ? "#1d232b" : "none", "stroke-width": 2 }),
      svg("text", { x: side ? x + 14 : x - 14, y: y + 4, "text-anchor": side ? "start" : "end" },
        short(n.label, side ? 34 : 36) + (side ? " · " + (d >= 0 ? "in this corpus" : n.missing ? "missing reference" :
          n.kind) : "")),
      svg("title", null, n.label));
  };
  left.forEach((id) => root.appendChild(node(id, lx, yl.get(id), false)));
  right.forEach((id) => root.appendChild(node(id, rx, yr.get(id), true)));
  return root;
}

view("citations", "Citation graph", (root) => {
  const keep = citeFilter();
  const nodes = new Map(M.citegraph.nodes.map((n) => [n.id, n]));
  const edges = M.citegraph.edges.map((e) => ({ source: e.source, target: e.target, ids: e.citations.filter(keep) }))
    .filter((e) => e.ids.length).sort((a, b) => b.ids.length - a.ids.length ||
      nodes.get(a.target).label.localeCompare(nodes.get(b.target).label));
  root.dataset.count = edges.length;
  root.appendChild(h("h2", null, "Citation graph (" + edges.length + " reliances)"));
  root.appendChild(h("div", { class: "legend" }, Object.entries(KIND_COLOUR).map(([k, c]) =>
    h("span", null, h("span", { class: "dot", style: { background: c } }), k)),
    h("span", null, "ringed: a source of this corpus"), h("span", null, "dashed red: a footnote with no reference")));
  if (!edges.length) return empty(root, "No citation matches the filters.");
  root.appendChild(h("div", { class: "scroll" }, graphSvg(edges, nodes)));
  const body = h("tbody");
  root.appendChild(h("table", { class: "grid", id: "citation-table" }, h("thead", null, h("tr", null,
    ["Source", "relies on", "kind", "times"].map((t) => h("th", null, t)))), body));
  paged(body, edges, (e) => h("tr", null, h("td", null, nodes.get(e.source).label),
    h("td", null, button(nodes.get(e.target).label, () => citesPanel(nodes.get(e.target).label, e.ids))),
    h("td", null, nodes.get(e.target).doc ? "source in this corpus" : nodes.get(e.target).kind),
    h("td", { class: "num" }, e.ids.length)), 100, root);
});

function heatColour(agree, contra) {
  const s = (agree - contra) / (agree + contra);
  const [r, g, b] = s >= 0 ? [46, 139, 87] : [192, 57, 43], k = Math.abs(s);
  const mix = (c) => Math.round(229 + (c - 229) * (0.35 + 0.65 * k));
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

function pairPanel(a, b, ids) {
  openPanel(docLabel(a) + " and " + docLabel(b), ids.slice(0, 60).map((li) => {
    const [x, y, rel, score] = M.links[li];
    return h("div", { class: "ev" }, h("span", { class: "kind " + (rel === "contradict" ? "number" : "") }, rel),
      h("span", { class: "note" }, score.toFixed(2)), [x, y].map((c) => claimEvidence(c)));
  }));
}

view("agreement", "Agreement", (root) => {
  const pairs = new Map(), linked = new Map();
  M.links.forEach(([a, b, rel], li) => {
    const [da, db] = [M.claims[a].d, M.claims[b].d];
    if (da === db || !srcOk(da) || !srcOk(db) || !(actOk(M.claims[a].ents) || actOk(M.claims[b].ents))) return;
    const key = Math.min(da, db) + ":" + Math.max(da, db);
    if (!pairs.has(key)) pairs.set(key, [0, 0, []]);
    const cell = pairs.get(key);
    cell[rel === "contradict" ? 1 : 0] += 1;
    cell[2].push(li);
    for (const d of [da, db]) linked.set(d, (linked.get(d) || 0) + 1);
  });
  const docs = [...linked.keys()].sort((a, b) => linked.get(b) - linked.get(a)).slice(0, 80).sort((a, b) => a - b);
  root.dataset.count = pairs.size;
  root.appendChild(h("h2", null, "Agreement between sources (" + pairs.size + " linked pairs)"));
  root.appendChild(h("div", { class: "legend" }, h("span", null, h("span", { class: "swatch", style: { background:
    heatColour(1, 0) } }), "agree"), h("span", null, h("span", { class: "swatch", style: { background: heatColour(0, 1) } }),
    "contradict"), h("span", null, h("span", { class: "swatch", style: { background: "#eef0f3" } }), "no linked claims")));
  if (linked.size > docs.length) root.appendChild(h("p", { class: "note" }, "The " + docs.length + " most linked of " +
    linked.size + " sources."));
  if (!docs.length) return empty(root, "No claims of different sources were linked.");
  const cs = Math.max(10, Math.min(40, Math.floor(640 / docs.length))), off = 200;
  const W = off + docs.length * cs + 10;
  const map = svg("svg", { width: W, height: W, id: "agreement-svg", role: "img" });
  docs.forEach((d, i) => {
    map.appendChild(svg("text", { x: off - 6, y: off + i * cs + cs / 2 + 4, "text-anchor": "end" }, short(docLabel(d), 28)));
    map.appendChild(svg("text", { x: 0, y: 0, transform: `translate(${off + i * cs + cs / 2 + 4},${off - 6}) rotate(-60)` },
      short(docLabel(d), 28)));
    docs.forEach((e, j) => {
      const cell = pairs.get(Math.min(d, e) + ":" + Math.max(d, e));
      const attrs = { class: "hm", x: off + j * cs, y: off + i * cs, width: cs, height: cs, data: { a: d, b: e } };
      if (d === e) return map.appendChild(svg("rect", Object.assign(attrs, { fill: "#9aa5b1" })));
      if (!cell) return map.appendChild(svg("rect", Object.assign(attrs, { fill: "#eef0f3" }),
        svg("title", null, docLabel(d) + " / " + docLabel(e) + ": no linked claims")));
      map.appendChild(svg("rect", Object.assign(attrs, { fill: heatColour(cell[0], cell[1]), data: { a: d, b: e,
        agree: cell[0], contradict: cell[1] }, on: { click: () => pairPanel(d, e, cell[2]) } }),
        svg("title", null, docLabel(d) + " / " + docLabel(e) + ": " + cell[0] + " agree, " + cell[1] + " contradict")));
    });
  });
  root.appendChild(h("div", { class: "scroll" }, map));
});
