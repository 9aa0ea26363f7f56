/* Boot: the header, the filter bar (actor and sources, applied by every view), the tabs, routing. */

function stats() {
  const contra = M.links.filter((l) => l[2] === "contradict").length;
  const parts = [[M.docs.length, "sources"], [M.entities.length, "actors"], [M.claims.length, "claims"],
    [contra, "contradictions"], [M.conflicts.length, "fact conflicts"], [M.timeline.length, "events"],
    [M.citations.length, "citations"]];
  return h("div", { class: "stats", id: "stats" }, parts.map(([n, t], i) => [i ? " · " : "", h("b", null, n), " " + t]),
    M.manifest.created ? " · built " + M.manifest.created : "");
}

function actorOption(e) {
  return h("option", { value: e }, short(M.entities[e].name, 50) + " (" + IX.entDocs[e].size + " sources)");
}

function sourceMenu(anchor) {
  const list = h("div"), search = h("input", { type: "search", placeholder: "find a source", "aria-label": "find a source" });
  const boxes = M.docs.map((_, d) => h("label", { data: { doc: d } }, h("input", { type: "checkbox", checked: srcOk(d),
    data: { doc: d }, on: { change: () => pickSources(boxes) } }), " ", srcTag(d), h("span", { class: "note" },
    " " + (M.docs[d].published || ""))));
  search.addEventListener("input", () => {
    const q = search.value.toLowerCase();
    boxes.forEach((b, d) => { b.hidden = q && !(docLabel(d) + " " + (M.docs[d].title || "")).toLowerCase().includes(q); });
  });
  const all = (on) => { boxes.forEach((b) => { if (!b.hidden) b.querySelector("input").checked = on; }); pickSources(boxes); };
  append(list, boxes);
  const menu = h("div", { class: "srcmenu", id: "src-menu" }, search, " ", button("all", () => all(true), "small"), " ",
    button("none", () => all(false), "small"), list);
  const r = anchor.getBoundingClientRect();
  menu.style.setProperty("left", r.left + "px");
  menu.style.setProperty("top", r.bottom + window.scrollY + "px");
  return menu;
}

function pickSources(boxes) {
  const on = boxes.map((b, d) => b.querySelector("input").checked ? d : -1).filter((d) => d >= 0);
  S.sources = on.length === M.docs.length ? null : new Set(on);
  refresh();
}

function toggleSources(ev) {
  const open = document.getElementById("src-menu");
  if (open) return open.remove();
  document.body.appendChild(sourceMenu(ev.currentTarget));
}

function updateFilterNote() {
  const n = S.sources ? S.sources.size : M.docs.length;
  document.getElementById("f-sources").textContent = "Sources: " + (S.sources ? n + " of " + M.docs.length : "all " + n);
  const parts = [];
  if (S.sources) parts.push(n + " of " + M.docs.length + " sources");
  if (S.actor >= 0) parts.push("actor: " + M.entities[S.actor].name);
  document.getElementById("f-note").textContent = parts.length ? "Filtered by " + parts.join("; ") : "";
  document.getElementById("f-clear").hidden = !parts.length;
}

function setActorOption(e) {
  const sel = document.getElementById("f-actor");
  if (e >= 0 && !sel.querySelector('option[value="' + e + '"]')) sel.appendChild(actorOption(e));
  sel.value = String(e);
}

function clearFilters() {
  S.actor = -1;
  S.sources = null;
  setActorOption(-1);
  const menu = document.getElementById("src-menu");
  if (menu) menu.remove();
  refresh();
}

function filterBar() {
  const actors = M.entities.map((_, i) => i).sort((a, b) => IX.entDocs[b].size - IX.entDocs[a].size ||
    M.entities[b].mentions.length - M.entities[a].mentions.length).slice(0, 3000);
  return h("div", { class: "bar", id: "filters" }, h("label", { for: "f-actor" }, "Actor"),
    h("select", { id: "f-actor", on: { change: (ev) => { S.actor = Number(ev.target.value); refresh(); } } },
      h("option", { value: -1 }, "All actors"), actors.map(actorOption)),
    h("button", { type: "button", class: "small", id: "f-sources", on: { click: toggleSources } }, "Sources"),
    h("button", { type: "button", class: "small", id: "f-clear", hidden: true, on: { click: clearFilters } }, "clear filters"),
    h("span", { class: "note", id: "f-note" }));
}

function boot() {
  const app = document.getElementById("rashomon");
  const tabs = h("nav", { class: "tabs", role: "tablist" }, Object.entries(VIEWS).map(([name, v]) =>
    h("button", { type: "button", role: "tab", id: "tab-" + name, "aria-selected": "false",
      on: { click: () => go(name) } }, v.label)));
  const main = h("main", null, Object.keys(VIEWS).map((name) =>
    h("section", { class: "view", id: "view-" + name, data: { view: name }, hidden: true })));
  app.replaceChildren(h("header", { class: "top" }, h("h1", null, M.title), stats()), filterBar(), tabs, main,
    h("aside", { id: "panel", hidden: true, "aria-label": "evidence" }));
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closePanel(); });
  updateFilterNote();
  route();
  app.dataset.ready = "1";
}

boot();
