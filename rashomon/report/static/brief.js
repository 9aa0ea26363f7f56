/* The brief, the report's first view: agreed, disputed, only one source, left out, who relies on whom,
   how each source leans. Every line ends in evidence links (document id and character span) that open
   the reading view scrolled to the span, marked. Texts reach the page as text nodes only. */

const BRIEF_SECTIONS = [["agreed", "Agreed", "claims two or more sources assert, each in its own words"],
  ["disputed", "Disputed", "contradictions and fact conflicts, side by side, with who holds each side"],
  ["single", "Only one source says", "check-worthy claims no other source reports, most check-worthy first"],
  ["left_out", "Left out", "what most other sources report and this source does not"],
  ["relied_on", "Who relies on whom", "the most-cited outlets, people, bodies and documents"],
  ["leans", "How each source leans", "toward the main actors, with the terms behind it"]];

const BRIEF_PAGE = 3;  /* lines first shown per section: the brief stays one screen or two */

function evLink(e) {
  const id = M.docs[e.d].id, span = e.start + "-" + e.end;
  return h("a", { class: "evlink", href: "#reading/" + id + "/" + span, title: "open the sentence in its source",
    data: { doc: id, start: e.start, end: e.end } }, id + ":" + span);
}

function briefEntry(e, valueShown) {
  return h("div", { class: "bentry", data: { doc: e.d } }, srcTag(e.d),
    e.holder !== docLabel(e.d) ? h("span", { class: "note" }, " " + e.holder) : "",
    valueShown && e.value ? [" ", h("span", { class: "value" }, e.value)] : "",
    " ", h("span", { class: "quote" }, "“" + e.text + "”"), " ", evLink(e));
}

function confText(it) {
  return it.confidence === null || it.confidence === undefined ? "rule, no score" : "confidence " + it.confidence.toFixed(2);
}

function briefHead(key, it) {
  if (key === "agreed") return [h("b", null, it.docs.length + " sources"), " · " + confText(it)];
  if (key === "disputed") return [h("span", { class: "kind " + it.kind }, it.kind), confText(it),
    it.kind === "contradiction" ? "" : h("div", null, it.text)];
  if (key === "single") return ["check-worthy " + it.confidence.toFixed(2)];
  if (key === "left_out") return [srcTag(it.d), " leaves out ", it.kind === "actor" ? "the actor " : "",
    h("b", null, it.kind === "actor" ? it.text : short(it.text, 140)), " · reported by " + it.docs.length + " others"];
  if (key === "relied_on") return [h("b", null, it.text), " ", h("span", { class: "kind" }, it.kind),
    "cited " + (it.entries.length === 1 ? "once" : it.entries.length + " times") + " by ", it.docs.map((d, i) => [i ? ", " : "", srcTag(d)])];
  return [srcTag(it.d), " toward ", h("b", null, it.text), " ", h("span", { class: "st st-" + it.kind }, it.kind),
    " " + fmt(it.score), it.terms.length ? h("span", { class: "note" }, " terms: " + it.terms.join(", ")) : ""];
}

function briefItem(key, it) {
  const entries = it.entries.filter((e) => srcOk(e.d));
  const side = key === "disputed";
  return h("li", { class: "bitem card", data: { kind: it.kind || key } }, h("div", { class: "bhead" }, briefHead(key, it)),
    h("div", { class: side ? "sides" : "bentries" }, entries.map((e) => briefEntry(e, side && it.kind !== "contradiction"))));
}

view("brief", "Brief", (root) => {
  let count = 0;
  root.appendChild(h("p", { class: "note" }, "Every line quotes the sources and links to its sentence (document id : " +
    "characters). Items under the confidence thresholds (" + Object.entries(M.brief.thresholds || {})
    .map(([k, v]) => k + " " + v).join(", ") + ") are left out."));
  for (const [key, title, what] of BRIEF_SECTIONS) {
    const items = (M.brief[key] || []).filter((it) => it.entries.some((e) => srcOk(e.d)) && (it.d < 0 || srcOk(it.d)));
    count += items.length;
    const list = h("ol", { class: "blist" });
    const sec = root.appendChild(h("section", { class: "brief", id: "brief-" + key, data: { count: items.length } },
      h("h2", null, title, h("span", { class: "note" }, " " + what)),
      items.length ? list : h("p", { class: "note empty" }, "Nothing above the thresholds.")));
    if (items.length) paged(list, items, (it) => briefItem(key, it), BRIEF_PAGE, sec);
  }
  root.dataset.count = count;
});
