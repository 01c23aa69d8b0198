/* dejour-translate review page: edit, approve, merge, comment, check and export a translation.
 *
 * Progressive enhancement: the page is a complete read-only table without this script. The
 * script reads the embedded JSON (script#review-data), adds the review tools, saves every change
 * in localStorage under a key made of the article name and the translation's signature, and
 * exports the review as XLIFF 2.0 (the writer's own XLIFF document, edited) and as JSONL.
 * No network, no external file: it works opened from disk.
 */
(function () {
  "use strict";

  var dataElement = document.getElementById("review-data");
  if (!dataElement) { return; }
  var DATA = JSON.parse(dataElement.textContent);
  var XLF = "urn:oasis:names:tc:xliff:document:2.0";
  var GLS = "urn:oasis:names:tc:xliff:glossary:2.0";
  var PREFIX = "dejour-translate-review:" + DATA.document + ":";
  var KEY = PREFIX + DATA.signature;

  var byId = {};
  var order = [];
  DATA.pairs.forEach(function (p) { byId[p.id] = p; order.push(p.id); });

  // --- review state --------------------------------------------------------------------------
  // per pair: target (as shown), state, comment, merges (stack of merge records).
  // A merge record {id, merges, before, absorbed}: the absorbed pair, its own merges, the
  // target this pair had before the merge and the absorbed pair's target.

  function initialState() {
    var pairs = {};
    DATA.pairs.forEach(function (p) {
      pairs[p.id] = {
        target: p.target,
        state: p.state,
        comment: p.comment,
        merges: []
      };
    });
    return { format: DATA.format, signature: DATA.signature, pairs: pairs };
  }

  var review = initialState();
  var undoStack = [];
  var storageOk = true;

  function snapshot() { return JSON.stringify(review.pairs); }

  function pushUndo() {
    undoStack.push(snapshot());
    if (undoStack.length > 200) { undoStack.shift(); }
  }

  function mergedIds(record) {
    var ids = [record.id];
    record.merges.forEach(function (inner) { ids = ids.concat(mergedIds(inner)); });
    return ids;
  }

  function mergedOf(id) {
    var ids = [];
    review.pairs[id].merges.forEach(function (m) { ids = ids.concat(mergedIds(m)); });
    return ids;
  }

  var goneCache = null;

  function absorbedSet() {
    // the ids merged into another pair; cached until the next refresh (merges change it)
    if (goneCache) { return goneCache; }
    var gone = {};
    order.forEach(function (id) {
      mergedOf(id).forEach(function (other) { gone[other] = true; });
    });
    goneCache = gone;
    return gone;
  }

  function parts(id) { return [id].concat(mergedOf(id)); }
  function sourceOf(id) { return parts(id).map(function (k) { return byId[k].source; }).join(" "); }
  function mtOf(id) { return parts(id).map(function (k) { return byId[k].target; }).join(" "); }
  function isEdited(id) { return review.pairs[id].target !== mtOf(id); }

  function originOf(id) {
    var st = review.pairs[id];
    if (isEdited(id)) { return "human"; }
    if (byId[id].origin === "human") { return "human"; }
    return st.state === "translated" ? "mt" : "mt-approved";
  }

  // --- storage -------------------------------------------------------------------------------

  function save() {
    if (!storageOk) { return; }
    var stored = {
      format: DATA.format,
      signature: DATA.signature,
      created: DATA.created,
      saved: new Date().toISOString(),
      sources: {},
      pairs: review.pairs
    };
    order.forEach(function (id) { stored.sources[id] = byId[id].source; });
    try {
      window.localStorage.setItem(KEY, JSON.stringify(stored));
    } catch (err) {
      storageOk = false;
      showBanner("This browser does not let the page save the review (" + err.name +
        "): export it before closing the page.", []);
    }
  }

  function readStored(key) {
    try {
      var text = window.localStorage.getItem(key);
      var value = text ? JSON.parse(text) : null;
      return value && value.format === DATA.format && value.pairs ? value : null;
    } catch (err) {
      return null;
    }
  }

  function otherKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0 && key !== KEY) { keys.push(key); }
      }
    } catch (err) {
      storageOk = false;
    }
    return keys;
  }

  function alreadyApplied(stored) {
    // a review whose every sentence this page already carries (``translate apply`` ran on it)
    return Object.keys(stored.pairs).every(function (id) {
      var saved = stored.pairs[id];
      var here = byId[id];
      if (!here) { return true; }  // merged into another pair by apply
      var done = function (state) { return state !== "translated"; };
      return saved.target === here.target && saved.comment === here.comment &&
        done(saved.state) === done(here.state);
    });
  }

  function restore() {
    var stored = readStored(KEY);
    if (stored) {
      order.forEach(function (id) {
        var saved = stored.pairs[id];
        if (saved && stored.sources[id] === byId[id].source) { review.pairs[id] = saved; }
      });
      setStatus("Review restored from this browser (saved " + stored.saved + ").");
      return;
    }
    var stale = otherKeys().map(function (key) { return { key: key, value: readStored(key) }; })
      .filter(function (item) { return item.value; });
    var applied = stale.filter(function (item) { return alreadyApplied(item.value); });
    applied.forEach(function (item) { window.localStorage.removeItem(item.key); });
    if (applied.length) {
      setStatus("The review saved in this browser is already part of this translation.");
    }
    stale = stale.filter(function (item) { return applied.indexOf(item) < 0; });
    if (!stale.length) { return; }
    var latest = stale[stale.length - 1];
    showBanner("A review of \u201c" + DATA.document + "\u201d saved in this browser belongs to " +
      "another translation of the article (translated " + (latest.value.created || "earlier") +
      "); it was not applied to this one.", [
      { label: "Apply its edits where the source sentence is unchanged", run: function () {
        pushUndo();
        var applied = 0;
        order.forEach(function (id) {
          var saved = latest.value.pairs[id];
          if (saved && latest.value.sources[id] === byId[id].source && !saved.merges.length) {
            review.pairs[id].target = saved.target;
            review.pairs[id].state = saved.state;
            review.pairs[id].comment = saved.comment;
            applied += 1;
          }
        });
        refreshAll();
        save();
        setStatus("Applied " + applied + " saved sentences from the other translation.");
      } },
      { label: "Discard the old review", run: function () {
        stale.forEach(function (item) { window.localStorage.removeItem(item.key); });
        setStatus("Old review discarded.");
      } }
    ]);
  }

  // --- checks --------------------------------------------------------------------------------

  function isWordChar(ch) { return !!ch && /[\p{L}\p{N}]/u.test(ch); }

  function findForm(text, form, caseSensitive) {
    var hay = caseSensitive ? text : text.toLowerCase();
    var needle = caseSensitive ? form : form.toLowerCase();
    var from = 0;
    while (needle) {
      var at = hay.indexOf(needle, from);
      if (at < 0) { return null; }
      var end = at + needle.length;
      var edgeOk = !(isWordChar(needle[0]) && isWordChar(hay[at - 1])) &&
        !(isWordChar(needle[needle.length - 1]) && isWordChar(hay[end]));
      if (edgeOk) { return [at, end]; }
      from = at + 1;
    }
    return null;
  }

  function shiftedItems(id, key) {
    // the pair's terms or values with source offsets moved into the merged source
    var items = [];
    var offset = 0;
    parts(id).forEach(function (k) {
      byId[k][key].forEach(function (item) {
        var copy = Object.assign({}, item);
        if (copy.start !== null) { copy.start += offset; copy.end += offset; }
        items.push(copy);
      });
      offset += byId[k].source.length + 1;
    });
    return items;
  }

  function firstFound(text, forms, caseSensitive) {
    for (var i = 0; i < forms.length; i += 1) {
      var at = findForm(text, forms[i], caseSensitive);
      if (at) { return { at: at, form: forms[i] }; }
    }
    return null;
  }

  function isEmpty(id) { return !review.pairs[id].target.trim(); }

  function checks(id) {
    var text = review.pairs[id].target;
    var problems = [];
    if (!text.trim()) {
      // a cleared target means "translate this again": exported so, never approved, and
      // `translate apply` keeps the current text flagged needs-translation (never an empty sentence)
      problems.push({ flag: "needs-translation", text: "No translation: exported as sent back " +
        "for translation (apply keeps the current text, not approved)" });
      return { terms: [], values: [], problems: problems };
    }
    var terms = shiftedItems(id, "terms").map(function (term) {
      var found = firstFound(text, term.accepted, term.case_sensitive);
      if (!found) {
        problems.push({ flag: "term-missing", text: "Term \u201c" + term.surface + "\u201d: none of " +
          term.accepted.map(function (a) { return "\u201c" + a + "\u201d"; }).join(", ") +
          " in the translation" });
      }
      return { item: term, found: found };
    });
    var values = shiftedItems(id, "values").map(function (value) {
      var found = firstFound(text, value.expected, true);
      if (!found) {
        problems.push({ flag: "value-missing", text: "Value \u201c" + value.surface + "\u201d (" +
          value.kind + "): expected \u201c" + value.expected[0] + "\u201d" });
      }
      return { item: value, found: found };
    });
    return { terms: terms, values: values, problems: problems };
  }

  // --- alignment -----------------------------------------------------------------------------

  function linksOf(id) {
    var links = [];
    var sOff = 0;
    var tOff = 0;
    parts(id).forEach(function (k) {
      byId[k].links.forEach(function (l) {
        links.push([l[0] + sOff, l[1] + sOff, l[2] + tOff, l[3] + tOff]);
      });
      sOff += byId[k].source.length + 1;
      tOff += byId[k].target.length + 1;
    });
    return links;
  }

  // --- rendering -----------------------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function renderText(cell, text, marks, words, side) {
    // flat pieces cut at every mark and word boundary; a piece inside a mark is a <mark>
    var cuts = { 0: true };
    cuts[text.length] = true;
    marks.concat(words).forEach(function (s) { cuts[s.start] = true; cuts[s.end] = true; });
    var points = Object.keys(cuts).map(Number).filter(function (n) { return n >= 0 && n <= text.length; })
      .sort(function (a, b) { return a - b; });
    cell.textContent = "";
    for (var i = 0; i + 1 < points.length; i += 1) {
      var a = points[i];
      var b = points[i + 1];
      var piece = text.slice(a, b);
      var mark = null;
      marks.forEach(function (m) { if (m.start <= a && b <= m.end) { mark = m; } });
      var word = null;
      words.forEach(function (w) { if (w.start <= a && b <= w.end) { word = w; } });
      var node = mark ? el("mark", { "class": mark.cls, title: mark.title }) : (word ? el("span") : null);
      if (!node) { cell.appendChild(document.createTextNode(piece)); continue; }
      node.textContent = piece;
      if (word) {
        node.classList.add("w");
        node.setAttribute("data-side", side);
        node.setAttribute("data-word", word.key);
        node.setAttribute("tabindex", "-1");
      }
      cell.appendChild(node);
    }
  }

  function wordsFrom(links, side) {
    var seen = {};
    var words = [];
    links.forEach(function (l) {
      var start = side === "s" ? l[0] : l[2];
      var end = side === "s" ? l[1] : l[3];
      var key = side + start + "-" + end;
      if (!seen[key]) { seen[key] = true; words.push({ start: start, end: end, key: key }); }
    });
    return words;
  }

  function renderRow(id) {
    var row = rows[id];
    var st = review.pairs[id];
    var edited = isEdited(id);
    var result = checks(id);
    var links = edited ? [] : linksOf(id);
    var sourceMarks = [];
    var targetMarks = [];
    result.terms.forEach(function (t) {
      var status = t.found ? (t.item.status === "missing" ? "model" : t.item.status) : "missing";
      var title = "glossary term " + t.item.entry + " \u2192 " + t.item.accepted.join(" | ");
      if (t.item.start !== null) {
        sourceMarks.push({ start: t.item.start, end: t.item.end, cls: "term term-" + status, title: title });
      }
      if (t.found) {
        targetMarks.push({ start: t.found.at[0], end: t.found.at[1], cls: "term term-" + status, title: title });
      }
    });
    result.values.forEach(function (v) {
      var status = v.found ? (v.item.status === "corrected" ? "corrected" : "model") : "missing";
      var title = v.item.kind + ": expected " + v.item.expected.join(" or ");
      if (v.item.start !== null) {
        sourceMarks.push({ start: v.item.start, end: v.item.end, cls: "value value-" + status, title: title });
      }
      if (v.found) {
        targetMarks.push({ start: v.found.at[0], end: v.found.at[1], cls: "value value-" + status, title: title });
      }
    });
    var sourceCell = row.querySelector("td.source");
    var targetCell = row.querySelector("td.target");
    renderText(sourceCell, sourceOf(id), sourceMarks, wordsFrom(links, "s"), "s");
    if (document.activeElement !== targetCell) {
      renderText(targetCell, st.target, targetMarks, wordsFrom(links, "t"), "t");
    }
    row._links = links;
    var alignNote = row.querySelector(".align-note");
    alignNote.textContent = !DATA.alignment_available ? "" :
      (edited ? "Word alignment hidden: the target was edited." :
        (links.length ? "" : "No word alignment for this sentence."));
    var merged = mergedOf(id);
    row.classList.toggle("edited", edited);
    row.classList.toggle("reviewed", st.state !== "translated");
    row.classList.toggle("merged", merged.length > 0);
    row.classList.toggle("check-failed", result.problems.length > 0);
    var badge = row.querySelector(".badge");
    badge.className = "badge " + (st.state !== "translated" ? "badge-reviewed" : (edited ? "badge-edited" : "badge-open"));
    badge.textContent = (st.state !== "translated" ? "Reviewed" : "Not reviewed") + (edited ? " \u00b7 edited" : "") +
      (merged.length ? " \u00b7 merged with " + merged.join(", ") : "");
    var approve = row.querySelector("[data-action=approve]");
    approve.setAttribute("aria-pressed", st.state !== "translated" ? "true" : "false");
    approve.textContent = st.state !== "translated" ? "Approved" : "Approve";
    row.querySelector("[data-action=merge]").disabled = nextInParagraph(id) === null;
    row.querySelector("[data-action=split]").disabled = merged.length === 0;
    var comment = row.querySelector("textarea");
    if (document.activeElement !== comment) { comment.value = st.comment; }
    var list = row.querySelector("ul.checks");
    list.textContent = "";
    result.problems.forEach(function (p) { list.appendChild(el("li", { "data-flag": p.flag }, p.text)); });
    if (!result.problems.length && (result.terms.length || result.values.length)) {
      list.appendChild(el("li", { "class": "ok" }, "Glossary terms and values present."));
    }
  }

  function nextInParagraph(id) {
    var gone = absorbedSet();
    var index = order.indexOf(id);
    var seen = mergedOf(id);
    for (var i = index + 1; i < order.length; i += 1) {
      var other = order[i];
      if (byId[other].paragraph !== byId[id].paragraph) { return null; }
      if (!gone[other] && seen.indexOf(other) < 0) { return other; }
    }
    return null;
  }

  function refreshAll() {
    goneCache = null;
    var gone = absorbedSet();
    order.forEach(function (id) {
      rows[id].hidden = !!gone[id];
      rows[id].setAttribute("data-absorbed", gone[id] ? "true" : "false");
      if (!gone[id]) { renderRow(id); }
    });
    applyFilter();
    updateProgress();
  }

  function updateProgress() {
    var gone = absorbedSet();
    var total = 0;
    var done = 0;
    order.forEach(function (id) {
      if (gone[id]) { return; }
      total += 1;
      if (review.pairs[id].state !== "translated") { done += 1; }
    });
    progress.textContent = done + " of " + total + " reviewed";
  }

  // --- filters and search --------------------------------------------------------------------

  function matchesFilter(id, filter) {
    var p = byId[id];
    if (filter === "flagged") {
      return p.flags.length > 0 || checks(id).problems.length > 0;
    }
    if (filter === "terms") { return shiftedItems(id, "terms").length > 0; }
    if (filter === "values") { return shiftedItems(id, "values").length > 0; }
    if (filter === "edited") { return isEdited(id); }
    if (filter === "open") { return review.pairs[id].state === "translated"; }
    return true;
  }

  function applyFilter() {
    var gone = absorbedSet();
    var filter = filterSelect.value;
    var query = searchInput.value.trim().toLowerCase();
    var shown = 0;
    order.forEach(function (id) {
      var visible = !gone[id] && matchesFilter(id, filter) && (!query ||
        sourceOf(id).toLowerCase().indexOf(query) >= 0 ||
        review.pairs[id].target.toLowerCase().indexOf(query) >= 0 || id.toLowerCase() === query);
      rows[id].hidden = !visible;
      if (visible) { shown += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("tbody.paragraph"), function (body) {
      body.hidden = !body.querySelector("tr.pair:not([hidden])");
    });
    filterCount.textContent = shown + " shown";
  }

  // --- actions -------------------------------------------------------------------------------

  function refreshRows(ids) {
    // a change that merges or splits nothing: only these rows need drawing again
    ids.forEach(renderRow);
    applyFilter();
    updateProgress();
  }

  function changed(id, message, ids) {
    if (ids) { refreshRows(ids); } else { refreshAll(); }
    save();
    if (message) { setStatus(message); }
    if (id && rows[id] && !rows[id].hidden && !rows[id].contains(document.activeElement)) { focusRow(id); }
    // the change hid the row under the filter (approved under "not yet reviewed"): the focus
    // goes on to the next shown row, not to the page, where the next key would act on a row
    // the reviewer no longer sees
    if (id && rows[id] && rows[id].hidden && id === current) { focusNearest(id); }
  }

  function focusNearest(id) {
    var at = order.indexOf(id);
    var after = order.slice(at + 1).filter(function (o) { return !rows[o].hidden; });
    var before = order.slice(0, at).filter(function (o) { return !rows[o].hidden; });
    var next = after.length ? after[0] : (before.length ? before[before.length - 1] : null);
    if (next) { focusRow(next); rows[next].scrollIntoView({ block: "nearest" }); }
  }

  function approve(id) {
    var st = review.pairs[id];
    if (st.state === "translated" && isEmpty(id)) {
      setStatus(id + " has no translation to approve: type one, or leave it empty to send it back.");
      return;
    }
    pushUndo();
    st.state = st.state === "translated" ? "reviewed" : "translated";
    changed(id, id + (st.state === "reviewed" ? " approved." : " no longer approved."), [id]);
  }

  function approveParagraph(paragraph) {
    pushUndo();
    var gone = absorbedSet();
    var count = 0;
    var ids = [];
    order.forEach(function (id) {
      if (byId[id].paragraph === paragraph && !gone[id] && review.pairs[id].state === "translated" &&
          !isEmpty(id)) {
        review.pairs[id].state = "reviewed";
        ids.push(id);
        count += 1;
      }
    });
    changed(null, "Paragraph " + paragraph + ": " + count + " sentences approved.", ids);
  }

  function merge(id) {
    var other = nextInParagraph(id);
    if (other === null) { setStatus(id + " has no next sentence in its paragraph to merge with."); return; }
    pushUndo();
    var st = review.pairs[id];
    var ot = review.pairs[other];
    st.merges.push({ id: other, merges: ot.merges, before: st.target, absorbed: ot.target,
      state: ot.state, comment: ot.comment });
    st.target = st.target + " " + ot.target;
    if (ot.comment) { st.comment = st.comment ? st.comment + "\n" + ot.comment : ot.comment; }
    ot.merges = [];
    st.state = "translated";
    changed(id, id + " merged with " + other + ".");
  }

  function split(id) {
    var st = review.pairs[id];
    if (!st.merges.length) { setStatus(id + " is not merged."); return; }
    pushUndo();
    var record = st.merges.pop();
    var ot = review.pairs[record.id];
    ot.merges = record.merges;
    ot.target = record.absorbed;
    ot.state = record.state;
    ot.comment = record.comment;
    st.target = record.before;
    st.state = "translated";
    changed(id, id + " split from " + record.id + ".");
  }

  function undo() {
    if (!undoStack.length) { setStatus("Nothing to undo."); return; }
    review.pairs = JSON.parse(undoStack.pop());
    changed(null, "Undone.");
  }

  // --- export --------------------------------------------------------------------------------

  var XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

  function putText(doc, elem, text) {
    var chars = Array.from(text);
    var run = "";
    chars.forEach(function (ch) {
      if (XML_FORBIDDEN.test(ch)) {
        if (run) { elem.appendChild(doc.createTextNode(run)); run = ""; }
        var cp = doc.createElementNS(XLF, "cp");
        cp.setAttribute("hex", ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0"));
        elem.appendChild(cp);
      } else {
        run += ch;
      }
    });
    if (run) { elem.appendChild(doc.createTextNode(run)); }
  }

  function child(parent, ns, name) {
    for (var node = parent.firstElementChild; node; node = node.nextElementSibling) {
      if (node.namespaceURI === ns && node.localName === name) { return node; }
    }
    return null;
  }

  function moveContent(from, to, doc) {
    to.appendChild(doc.createTextNode(" "));
    while (from.firstChild) { to.appendChild(from.firstChild); }
  }

  function removeWithSpace(node) {
    var before = node.previousSibling;
    if (before && before.nodeType === 3 && !before.nodeValue.trim()) { before.parentNode.removeChild(before); }
    node.parentNode.removeChild(node);
  }

  function exportXliff() {
    var doc = new DOMParser().parseFromString(DATA.xliff, "application/xml");
    var segments = {};
    Array.prototype.forEach.call(doc.getElementsByTagNameNS(XLF, "segment"), function (seg) {
      segments[seg.getAttribute("id")] = seg;
    });
    var gone = absorbedSet();
    var droppedMarks = {};
    order.forEach(function (id) {
      if (gone[id]) { return; }
      var st = review.pairs[id];
      var seg = segments[byId[id].xid];
      var edited = isEdited(id);
      var target = child(seg, XLF, "target");
      mergedOf(id).forEach(function (other) {
        var absorbed = segments[byId[other].xid];
        moveContent(child(absorbed, XLF, "source"), child(seg, XLF, "source"), doc);
        moveContent(child(absorbed, XLF, "target"), target, doc);
        removeWithSpace(absorbed);
      });
      if (edited) {
        Array.prototype.forEach.call(target.getElementsByTagNameNS(XLF, "mrk"), function (m) {
          droppedMarks[m.getAttribute("id")] = true;
        });
        while (target.firstChild) { target.removeChild(target.firstChild); }
        putText(doc, target, isEmpty(id) ? "" : st.target);  // cleared: sent back
      }
      var human = edited || byId[id].origin === "human";
      if (st.state !== "translated") {
        seg.setAttribute("state", st.state);
        seg.setAttribute("subState", human ? "dejour:human" : "dejour:approved");
      } else {
        var was = seg.getAttribute("state");
        if (edited || was === "reviewed" || was === "final") { seg.setAttribute("state", "translated"); }
        if (human) { seg.setAttribute("subState", "dejour:human"); } else { seg.removeAttribute("subState"); }
      }
      var unit = seg.parentNode;
      // notes this page wrote on an earlier export (or apply kept) are replaced, never doubled
      var own = parts(id).map(function (k) { return byId[k].xid; });
      var oldNotes = child(unit, XLF, "notes");
      if (oldNotes) {
        Array.prototype.slice.call(oldNotes.getElementsByTagNameNS(XLF, "note")).forEach(function (n) {
          var noteId = n.getAttribute("id") || "";
          var mine = own.some(function (x) {
            return noteId === "comment-" + x || noteId.indexOf("check-" + x + "-") === 0;
          });
          if (mine) { removeWithSpace(n); }
        });
        if (!child(oldNotes, XLF, "note")) { removeWithSpace(oldNotes); }
      }
      var notes = [];
      if (st.comment.trim()) {
        notes.push({ category: "comment", id: "comment-" + byId[id].xid, text: st.comment });
      }
      checks(id).problems.forEach(function (p, k) {
        // category "quality", as the writer's own flag notes: a report, never a comment
        notes.push({ category: "quality", id: "check-" + byId[id].xid + "-" + k,
          text: id + ": review check " + p.flag + ": " + p.text, appliesTo: "target" });
      });
      notes.forEach(function (n) {
        var holder = child(unit, XLF, "notes");
        if (!holder) {
          holder = doc.createElementNS(XLF, "notes");
          var anchor = child(unit, XLF, "originalData") || child(unit, XLF, "segment") ||
            child(unit, XLF, "ignorable");
          unit.insertBefore(holder, anchor);
        }
        var note = doc.createElementNS(XLF, "note");
        note.setAttribute("category", n.category);
        note.setAttribute("id", n.id);
        if (n.appliesTo) { note.setAttribute("appliesTo", n.appliesTo); }
        putText(doc, note, n.text.replace(XML_FORBIDDEN, "\uFFFD"));
        holder.appendChild(note);
      });
    });
    Array.prototype.forEach.call(doc.getElementsByTagNameNS(GLS, "translation"), function (t) {
      var ref = t.getAttribute("ref") || "";
      if (ref.indexOf("#t=") === 0 && droppedMarks[ref.slice(3)]) { t.removeAttribute("ref"); }
    });
    var text = new XMLSerializer().serializeToString(doc.documentElement);
    download(DATA.document + ".reviewed.xlf", '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n",
      "application/xliff+xml");
    setStatus("Exported " + DATA.document + ".reviewed.xlf.");
  }

  function exportJsonl() {
    var gone = absorbedSet();
    var lines = [];
    order.forEach(function (id) {
      if (gone[id]) { return; }
      var st = review.pairs[id];
      var edited = isEdited(id);
      var result = checks(id);
      var records = parts(id).map(function (k) { return byId[k].record; });
      var record = JSON.parse(JSON.stringify(records[0]));
      var sOff = 0;
      var tOff = 0;
      var terms = [];
      var values = [];
      var alignment = [];
      records.forEach(function (r) {
        r.terms.forEach(function (t) {
          var c = Object.assign({}, t, { start: t.start + sOff, end: t.end + sOff });
          if (c.target_start !== null) { c.target_start += tOff; c.target_end += tOff; }
          terms.push(c);
        });
        r.values.forEach(function (v) {
          var c = Object.assign({}, v, { start: v.start + sOff, end: v.end + sOff });
          if (c.target_start !== null) { c.target_start += tOff; c.target_end += tOff; }
          values.push(c);
        });
        (r.alignment || []).forEach(function (l) { alignment.push([l[0] + sOff, l[1] + sOff, l[2] + tOff, l[3] + tOff]); });
        sOff += r.source.length + 1;
        tOff += r.target.length + 1;
      });
      record.source = records.map(function (r) { return r.source; }).join(" ");
      var segments = [];
      records.forEach(function (r) {
        (r.segments || [{ id: r.id, sentence: r.sentence, source: r.source }]).forEach(function (x) {
          segments.push(x);
        });
      });
      if (segments.length > 1) { record.segments = segments; } else { delete record.segments; }
      if (edited) {
        record.target = isEmpty(id) ? "" : st.target;  // cleared: sent back
        terms.forEach(function (t, k) {
          var found = result.terms[k] && result.terms[k].found;
          t.target = found ? found.form : null;
          t.target_start = found ? found.at[0] : null;
          t.target_end = found ? found.at[1] : null;
          t.status = found ? (t.status === "missing" ? "model" : t.status) : "missing";
        });
        values.forEach(function (v, k) {
          var found = result.values[k] && result.values[k].found;
          v.target = found ? found.form : null;
          v.target_start = found ? found.at[0] : null;
          v.target_end = found ? found.at[1] : null;
          v.status = found ? v.status === "corrected" ? "corrected" : "model" : "missing";
        });
        alignment = [];
      } else {
        record.target = records.map(function (r) { return r.target; }).join(" ");
      }
      var flags = edited ? [] : records.reduce(function (all, r) { return all.concat(r.flags); }, []);
      result.problems.forEach(function (p) { flags.push(p.flag); });
      record.terms = terms;
      record.values = values;
      record.flags = flags.filter(function (f, k) { return flags.indexOf(f) === k; });
      record.status = st.state;
      record.origin = originOf(id);
      record.comment = st.comment;
      record.joined = byId[id].joined.concat(mergedOf(id).reduce(function (all, k) {
        return all.concat([k], byId[k].joined);
      }, []));
      record.alignment = alignment;
      lines.push(JSON.stringify(record).replace(/[\u0085\u2028\u2029]/g, function (c) {
        return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
      }) + "\n");
    });
    download(DATA.document + ".reviewed.jsonl", lines.join(""), "application/jsonl");
    setStatus("Exported " + DATA.document + ".reviewed.jsonl.");
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = el("a", { href: url, download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // --- building the tools --------------------------------------------------------------------

  var statusLine = el("p", { "class": "note", role: "status", "aria-live": "polite" });
  var banners = el("div", { "class": "banners" });

  function setStatus(text) { statusLine.textContent = text; }

  function showBanner(text, actions) {
    var box = el("div", { "class": "banner", role: "alert" });
    box.appendChild(el("span", {}, text));
    actions.forEach(function (action) {
      var button = el("button", { type: "button" }, action.label);
      button.addEventListener("click", function () { action.run(); box.remove(); });
      box.appendChild(button);
    });
    banners.appendChild(box);
  }

  var bar = el("div", { "class": "review-bar", role: "toolbar", "aria-label": "Review tools" });
  var progress = el("span", { "class": "progress", "aria-live": "polite", id: "review-progress" });
  var filterSelect = el("select", { id: "review-filter" });
  [["all", "All sentences"], ["open", "Not yet reviewed"], ["flagged", "Flagged"],
    ["terms", "With glossary terms"], ["values", "With values"], ["edited", "Edited"]]
    .forEach(function (o) { filterSelect.appendChild(el("option", { value: o[0] }, o[1])); });
  var searchInput = el("input", { type: "search", id: "review-search", placeholder: "words or id" });
  var filterCount = el("span", { "class": "note" });
  var undoButton = el("button", { type: "button", "data-action": "undo" }, "Undo");
  var xliffButton = el("button", { type: "button", "data-action": "export-xliff" }, "Export XLIFF 2.0");
  var jsonlButton = el("button", { type: "button", "data-action": "export-jsonl" }, "Export JSONL");
  function labelled(text, control) {
    var label = el("label", { "for": control.id }, text);
    var box = el("span");
    box.appendChild(label);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(control);
    return box;
  }
  bar.appendChild(progress);
  bar.appendChild(labelled("Show", filterSelect));
  bar.appendChild(labelled("Search", searchInput));
  bar.appendChild(filterCount);
  bar.appendChild(undoButton);
  bar.appendChild(xliffButton);
  bar.appendChild(jsonlButton);
  var keys = el("p", { "class": "keys" });
  [["j / \u2193", "next"], ["k / \u2191", "previous"], ["Enter or e", "edit (Enter again or Esc to leave; Ctrl+Enter approves and moves on)"],
    ["a", "approve"], ["m", "merge with next"], ["s", "split"], ["c", "comment"], ["w", "words (\u2190 \u2192)"],
    ["u", "undo"], ["/", "search"]].forEach(function (k) {
    keys.appendChild(el("kbd", {}, k[0]));
    keys.appendChild(document.createTextNode(" " + k[1] + "  "));
  });
  var alignInfo = el("p", { "class": "note", id: "alignment-status" },
    DATA.alignment_available ? "Hover or focus a word to light up the words it is aligned with." :
      "Word alignment is unavailable for this translation (the engine gave none).");

  var mainElement = document.querySelector("main");
  mainElement.insertBefore(alignInfo, mainElement.firstChild);
  mainElement.insertBefore(statusLine, mainElement.firstChild);
  mainElement.insertBefore(keys, mainElement.firstChild);
  mainElement.insertBefore(banners, mainElement.firstChild);
  mainElement.insertBefore(bar, mainElement.firstChild);

  var headRow = document.querySelector("table.pairs thead tr");
  if (headRow) { headRow.appendChild(el("th", { scope: "col" }, "Review")); }

  var rows = {};
  Array.prototype.forEach.call(document.querySelectorAll("tr.pair[data-id]"), function (row) {
    var id = row.getAttribute("data-id");
    if (!byId[id]) { return; }
    rows[id] = row;
    row.setAttribute("tabindex", "-1");
    row.setAttribute("aria-label", "Sentence " + id);
    var target = row.querySelector("td.target");
    target.setAttribute("contenteditable", "plaintext-only");
    target.setAttribute("spellcheck", "true");
    // no role override: the cell stays a table cell (its column header names it) and
    // contenteditable already exposes it as editable text
    var cell = el("td", { "class": "review" });
    cell.appendChild(el("span", { "class": "badge" }));
    cell.appendChild(el("span", { "class": "align-note" }));
    var actions = el("div", { "class": "actions" });
    [["approve", "Approve"], ["merge", "Merge with next"], ["split", "Split"]].forEach(function (a) {
      actions.appendChild(el("button", { type: "button", "data-action": a[0], "aria-label": a[1] + " " + id }, a[1]));
    });
    cell.appendChild(actions);
    var commentId = "comment-" + row.id;
    cell.appendChild(el("label", { "for": commentId, "class": "note" }, "Comment"));
    cell.appendChild(el("textarea", { id: commentId, rows: "1", "data-role": "comment" }));
    cell.appendChild(el("ul", { "class": "checks", "aria-live": "polite" }));
    row.appendChild(cell);
  });

  Array.prototype.forEach.call(document.querySelectorAll("tr.paragraph-break"), function (row) {
    var th = row.querySelector("th");
    th.setAttribute("colspan", "5");
    var paragraph = Number(row.parentNode.getAttribute("data-paragraph"));
    var button = el("button", { type: "button", "data-action": "approve-paragraph",
      "data-paragraph": String(paragraph) }, "Approve paragraph");
    th.appendChild(document.createTextNode(" "));
    th.appendChild(button);
  });

  // --- focus, keyboard and events ------------------------------------------------------------

  var current = order.length ? order[0] : null;

  function focusRow(id) {
    if (!rows[id]) { return; }
    if (current && rows[current]) {
      rows[current].setAttribute("tabindex", "-1");
      rows[current].classList.remove("current");
    }
    current = id;
    rows[id].setAttribute("tabindex", "0");
    rows[id].classList.add("current");
    rows[id].focus();
  }

  function visibleIds() { return order.filter(function (id) { return !rows[id].hidden; }); }

  function move(step) {
    var ids = visibleIds();
    if (!ids.length) { return; }
    var at = ids.indexOf(current);
    var inRow = rowOf(document.activeElement) !== null;
    var next = at < 0 ? 0 : (inRow ? Math.max(0, Math.min(ids.length - 1, at + step)) : at);
    focusRow(ids[next]);
    rows[ids[next]].scrollIntoView({ block: "nearest" });
  }

  function editRow(id) {
    var target = rows[id].querySelector("td.target");
    target.focus();
    var range = document.createRange();
    range.selectNodeContents(target);
    range.collapse(false);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function rowOf(node) {
    var row = node && node.closest ? node.closest("tr.pair[data-id]") : null;
    return row && rows[row.getAttribute("data-id")] === row ? row.getAttribute("data-id") : null;
  }

  var editing = null;

  document.addEventListener("focusin", function (event) {
    var id = rowOf(event.target);
    if (id && id !== current) {
      if (current && rows[current]) {
        rows[current].setAttribute("tabindex", "-1");
        rows[current].classList.remove("current");
      }
      current = id;
      rows[id].setAttribute("tabindex", "0");
      rows[id].classList.add("current");
    }
    if (event.target.getAttribute && event.target.getAttribute("data-role") === "target") {
      editing = { id: id, before: snapshot(), pushed: false };
    }
    if (event.target.classList && event.target.classList.contains("w")) { light(event.target, true); }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target.classList && event.target.classList.contains("w")) { light(event.target, false); }
    if (editing && event.target.getAttribute && event.target.getAttribute("data-role") === "target") {
      var id = editing.id;
      editing = null;
      renderRow(id);
      applyFilter();
    }
  });

  document.addEventListener("input", function (event) {
    var id = rowOf(event.target);
    if (!id) { return; }
    var role = event.target.getAttribute("data-role");
    if (role === "target") {
      if (editing && !editing.pushed) { undoStack.push(editing.before); editing.pushed = true; }
      var text = event.target.innerText.replace(/\n$/, "");
      review.pairs[id].target = text;
      if (review.pairs[id].state !== "translated" && isEdited(id)) { review.pairs[id].state = "translated"; }
      renderRow(id);
      updateProgress();
      save();
    } else if (role === "comment") {
      if (!event.target._pushed) { pushUndo(); event.target._pushed = true; }
      review.pairs[id].comment = event.target.value;
      save();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target.getAttribute && event.target.getAttribute("data-role") === "comment") {
      event.target._pushed = false;
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-action]") : null;
    if (!button) { return; }
    var action = button.getAttribute("data-action");
    var id = rowOf(button);
    if (action === "approve" && id) { approve(id); }
    else if (action === "merge" && id) { merge(id); }
    else if (action === "split" && id) { split(id); }
    else if (action === "approve-paragraph") { approveParagraph(Number(button.getAttribute("data-paragraph"))); }
    else if (action === "undo") { undo(); }
    else if (action === "export-xliff") { exportXliff(); }
    else if (action === "export-jsonl") { exportJsonl(); }
  });

  filterSelect.addEventListener("change", applyFilter);
  searchInput.addEventListener("input", applyFilter);

  function light(word, on) {
    var row = word.closest("tr.pair");
    var key = word.getAttribute("data-word");
    var side = word.getAttribute("data-side");
    var others = {};
    (row._links || []).forEach(function (l) {
      var s = "s" + l[0] + "-" + l[1];
      var t = "t" + l[2] + "-" + l[3];
      if (side === "s" && s === key) { others[t] = true; }
      if (side === "t" && t === key) { others[s] = true; }
    });
    others[key] = true;
    Array.prototype.forEach.call(row.querySelectorAll(".w"), function (node) {
      if (others[node.getAttribute("data-word")]) { node.classList.toggle("lit", on); }
    });
  }

  document.addEventListener("mouseover", function (event) {
    if (event.target.classList && event.target.classList.contains("w")) { light(event.target, true); }
  });
  document.addEventListener("mouseout", function (event) {
    if (event.target.classList && event.target.classList.contains("w")) { light(event.target, false); }
  });

  document.addEventListener("keydown", function (event) {
    var t = event.target;
    var role = t.getAttribute ? t.getAttribute("data-role") : null;
    var id = rowOf(t);
    if (role === "target") {
      if (event.key === "Escape" || (event.key === "Enter" && !event.shiftKey)) {
        event.preventDefault();
        var approveToo = event.key === "Enter" && (event.ctrlKey || event.metaKey);
        focusRow(id);
        if (approveToo) {
          if (review.pairs[id].state === "translated") { approve(id); }
          if (!rows[id].hidden) { move(1); }  // else the filter hid it: focus already moved on
        }
      }
      return;
    }
    if (role === "comment") {
      if (event.key === "Escape") { event.preventDefault(); focusRow(id); }
      return;
    }
    if (t.classList && t.classList.contains("w")) {
      var words = Array.prototype.slice.call(rows[id].querySelectorAll(".w"));
      var at = words.indexOf(t);
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        var next = words[(at + (event.key === "ArrowRight" ? 1 : -1) + words.length) % words.length];
        next.focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        focusRow(id);
      }
      return;
    }
    if (event.key === "Escape" && t === searchInput) { event.preventDefault(); if (current) { focusRow(current); } return; }
    var tag = t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.altKey || event.metaKey) { return; }
    if (event.ctrlKey) {
      if (event.key === "z" && !t.isContentEditable) { event.preventDefault(); undo(); }
      return;
    }
    // Enter/Space on a control activates the control (a button, the provenance <summary>, a
    // link), never the current row's editor
    if ((tag === "BUTTON" || tag === "SUMMARY" || tag === "A") && (event.key === "Enter" || event.key === " ")) { return; }
    var here = id || current;
    switch (event.key) {
      case "j": case "ArrowDown": event.preventDefault(); move(1); break;
      case "k": case "ArrowUp": event.preventDefault(); move(-1); break;
      case "Enter": case "e": if (here) { event.preventDefault(); editRow(here); } break;
      case "a": if (here) { event.preventDefault(); approve(here); } break;
      case "m": if (here) { event.preventDefault(); merge(here); } break;
      case "s": if (here) { event.preventDefault(); split(here); } break;
      case "c": if (here) { event.preventDefault(); rows[here].querySelector("textarea").focus(); } break;
      case "u": event.preventDefault(); undo(); break;
      case "/": event.preventDefault(); searchInput.focus(); break;
      case "w":
        if (here) {
          var first = rows[here].querySelector(".w");
          event.preventDefault();
          if (first) { first.focus(); } else { setStatus("No word alignment for " + here + "."); }
        }
        break;
      default: break;
    }
  });

  restore();
  refreshAll();
  if (current) { rows[current].setAttribute("tabindex", "0"); rows[current].classList.add("current"); }
  document.documentElement.setAttribute("data-review", "ready");
})();
