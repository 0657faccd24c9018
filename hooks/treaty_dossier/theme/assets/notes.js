/* Treaty pages: a marked phrase points at its notes, and the note filters (issue 14).
 * Progressive enhancement: without this script every note is readable beside its clause;
 * the filter form stays hidden. Runs once per page, and again on each page that Material's
 * instant navigation swaps in (document$), when that feature is on. */
(function () {
  "use strict";

  function refOf(id) {  // "fn:x" -> the link of mark x (a.footnote-ref, or a.note-ref to a note on another page)
    var sup = document.getElementById("fnref:" + id.slice(3));
    return sup && sup.querySelector("a");
  }

  function visibleNotes(phrase) {
    return (phrase.getAttribute("data-notes") || "").split(" ").filter(function (id) {
      var li = document.getElementById(id);
      return id && li && !li.hidden;
    });
  }

  function phrasesOf(id) {
    return document.querySelectorAll('mark.note-phrase[data-notes~="' + CSS.escape(id) + '"]');
  }

  // One listener of each kind on the page, not one per mark: a treaty page may hold thousands of notes, and
  // binding each at load was a long task before the reader could scroll (issue 22, point 4).
  function setupPhrases(root) {
    function phraseOf(node) { return node && node.closest ? node.closest("mark.note-phrase") : null; }
    function refOfEvent(node) { return node && node.closest ? node.closest("sup.note-mark a") : null; }
    function light(a, on) {
      phrasesOf(a.getAttribute("href").slice(1)).forEach(function (m) { m.classList.toggle("is-active", on); });
    }
    root.addEventListener("mouseover", function (event) {
      var phrase = phraseOf(event.target);
      if (phrase && !phrase.contains(event.relatedTarget)) enterPhrase(phrase);
      var a = refOfEvent(event.target);
      if (a && !a.contains(event.relatedTarget)) light(a, true);
    });
    root.addEventListener("mouseout", function (event) {
      var phrase = phraseOf(event.target);
      if (phrase && !phrase.contains(event.relatedTarget)) leavePhrase(phrase);
      var a = refOfEvent(event.target);
      if (a && !a.contains(event.relatedTarget)) light(a, false);
    });
    root.addEventListener("focusin", function (event) { var a = refOfEvent(event.target); if (a) light(a, true); });
    root.addEventListener("focusout", function (event) { var a = refOfEvent(event.target); if (a) light(a, false); });
    root.addEventListener("click", function (event) {
      var phrase = phraseOf(event.target);
      if (!phrase || event.target.closest("a")) return;  // a link inside the phrase keeps its own job
      var ids = visibleNotes(phrase);
      var a = ids.length ? refOf(ids[0]) : null;
      if (a) a.focus();
    });
  }

  function enterPhrase(phrase) {
    // Hover shows the first note's tooltip (Material's, bound to the mark); a tap moves focus to the
    // mark, which shows the same tooltip and is where a keyboard reader already is.
    var ids = visibleNotes(phrase);
    ids.forEach(function (id) { var a = refOf(id); if (a) a.classList.add("is-pointed"); });
    var a = ids.length ? refOf(ids[0]) : null;
    // Twice, after this event: Material's tooltip takes the first "mouseenter" as its cue to start
    // listening, and re-reads :hover (false: the pointer is on the phrase, not the mark) as it does.
    if (a) [0, 60].forEach(function (delay) {
      setTimeout(function () { if (phrase.matches(":hover")) a.dispatchEvent(new MouseEvent("mouseenter")); }, delay);
    });
  }

  function leavePhrase(phrase) {
    visibleNotes(phrase).forEach(function (id) {
      var a = refOf(id);
      if (a) { a.classList.remove("is-pointed"); a.dispatchEvent(new MouseEvent("mouseleave")); }
    });
  }

  function openTarget() {  // a permalink to a note in a folded list opens the list, then shows the note
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }  // a malformed "#fn:%" names nothing
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.closest(".clause-notes__more")) {  // a note on its clause's own page: its mark links there
      var mark = refOf(id);
      if (mark) { location.replace(mark.href); return; }
    }
    var details = el.closest("details");
    if (details && !details.open) { details.open = true; el.scrollIntoView(); }
  }

  function readChoice(form) {
    var params = new URLSearchParams(location.search);
    var kinds = params.get("kind");
    var chosen = kinds ? kinds.split(",") : null;
    form.querySelectorAll('input[name="kind"]').forEach(function (box) {
      box.checked = !chosen || chosen.indexOf(box.value) !== -1;
    });
    var select = form.querySelector('select[name="outlet"]');
    var outlet = params.get("outlet") || "";
    if (outlet && !Array.prototype.some.call(select.options, function (o) { return o.value === outlet; })) {
      var option = new Option(outlet + " (0)", outlet);  // a shared link may name an outlet this page does not cite
      select.add(option);
    }
    select.value = outlet;
  }

  function writeChoice(form) {
    var all = form.querySelectorAll('input[name="kind"]');
    var on = Array.prototype.filter.call(all, function (b) { return b.checked; }).map(function (b) { return b.value; });
    var outlet = form.querySelector('select[name="outlet"]').value;
    var params = new URLSearchParams(location.search);
    if (on.length === all.length) params.delete("kind"); else params.set("kind", on.join(","));
    if (outlet) params.set("outlet", outlet); else params.delete("outlet");
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function outletsOf(li) {  // a JSON list (site/clause_notes.py): a name may hold any character
    try { return JSON.parse(li.getAttribute("data-outlets") || "[]"); } catch (e) { return []; }
  }

  function apply(form) {
    var kinds = Array.prototype.filter.call(form.querySelectorAll('input[name="kind"]'), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    var outlet = form.querySelector('select[name="outlet"]').value;
    var shown = 0, total = 0;
    document.querySelectorAll("li.clause-note").forEach(function (li) {
      var outlets = outletsOf(li);
      var keep = kinds.indexOf(li.getAttribute("data-kind")) !== -1 && (!outlet || outlets.indexOf(outlet) !== -1);
      li.hidden = !keep;
      total += 1; shown += keep ? 1 : 0;
      var sup = document.getElementById("fnref:" + li.id.slice(3));
      if (sup) {
        sup.hidden = !keep;
        var sep = sup.nextElementSibling;  // the comma after a mark goes with it
        if (sep && sep.classList.contains("footnote-sep")) sep.hidden = !keep;
      }
    });
    document.querySelectorAll("sup.note-mark").forEach(function (sup) {  // a comma before a hidden run of marks goes too
      var sep = sup.nextElementSibling;
      if (!sup.hidden && sep && sep.classList.contains("footnote-sep")) {
        var next = sep.nextElementSibling;
        while (next && next.hidden) next = next.nextElementSibling;
        sep.hidden = !(next && next.matches("sup.note-mark"));
      }
    });
    document.querySelectorAll("mark.note-phrase").forEach(function (m) {
      m.classList.toggle("is-off", visibleNotes(m).length === 0);
    });
    document.querySelectorAll("details.clause-notes").forEach(function (d) {
      var items = d.querySelectorAll("li.clause-note");
      var visible = Array.prototype.filter.call(items, function (li) { return !li.hidden; }).length;
      d.hidden = visible === 0;
      var count = d.querySelector(".clause-notes__count");
      if (count) count.textContent = visible === items.length
        ? "(" + items.length + (items.length === 1 ? " note)" : " notes)")
        : "(" + visible + " of " + items.length + " notes shown)";
    });
    var status = form.querySelector(".note-filters__status");
    status.textContent = statusText(shown, total);
  }

  function statusText(shown, total) {
    var text = shown === total ? "All " + total + " notes shown." : "Showing " + shown + " of " + total + " notes.";
    // A clause with many notes has the rest on a page of its own: say so, rather than count them as shown.
    return document.querySelector(".clause-notes__more") ? text.replace(" notes", " notes on this page") +
      " The notes on a clause's own page are not filtered." : text;
  }

  function setupFilters(root) {
    var form = root.querySelector("form.note-filters");
    if (!form) return;
    form.hidden = false;
    readChoice(form);
    if (/[?&](kind|outlet)=/.test(location.search)) apply(form);  // every note is shown as the page comes: only a shared filter needs a pass
    else {
      var n = document.querySelectorAll("li.clause-note").length;
      form.querySelector(".note-filters__status").textContent = statusText(n, n);
    }
    form.addEventListener("change", function () { writeChoice(form); apply(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector(".note-filters__reset").addEventListener("click", function () {
      form.querySelectorAll('input[name="kind"]').forEach(function (b) { b.checked = true; });
      form.querySelector('select[name="outlet"]').value = "";
      writeChoice(form); apply(form);
    });
  }

  function setup() {
    var root = document.querySelector(".md-content") || document;
    if (!root.querySelector("details.clause-notes")) return;
    setupPhrases(root);
    setupFilters(root);
    openTarget();
  }

  window.addEventListener("hashchange", openTarget);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);  // Material: fires for the first page and every instant-navigation swap
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
