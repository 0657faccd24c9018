/* The search box in Material's header, over Pagefind's index (site/pagefind/, written by the hooks).
 *
 * Nothing is fetched for search until the reader opens the box; then Pagefind's script and the
 * index's entry, and for each query only the chunks holding its words. A clause is indexed in
 * English and, for quotations in other scripts, in Russian, Ukrainian, Korean and Japanese too
 * (site/search_records.py): those indexes are merged here and a clause found in two shows once.
 * Results open the clause with the query's words marked (?h=). Everything from the index or the
 * URL is put on the page as text. */
(function () {
  "use strict";

  var FILTERS = [["treaty", "Treaty"], ["type", "Type"], ["kind", "Note kind"], ["outlet", "Outlet"], ["language", "Quotation language"]];
  var PAGE = 10;  // results shown at a time
  var box = document.querySelector("[data-treaty-search]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var input = box.querySelector("input.md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var filterBar = box.querySelector(".treaty-search__filters");
  var root = new URL(box.getAttribute("data-root") || ".", location.href);
  var bundle = new URL(box.getAttribute("data-pagefind") || "pagefind/", location.href);
  var pagefind = null;  // a promise of the loaded Pagefind, once the box has been opened
  var chosen = {};  // filter name -> value
  var latest = 0;  // the newest query's number: an older query's results are dropped

  function load() {
    if (pagefind) return pagefind;
    if (location.protocol === "file:") {
      pagefind = Promise.reject(new Error("file"));
    } else {
      var entry = fetch(new URL("pagefind-entry.json", bundle)).then(function (r) { return r.json(); });
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return Promise.all([pf.options({ excerptLength: 24 }).then(function () { return pf.init(); }), entry])
          .then(function (loaded) {
            languages = Object.keys(loaded[1].languages || {}).filter(function (l) { return l !== "en"; });
            showFilters(pf);
            return pf;
          });
      });
    }
    pagefind.catch(function (error) {
      meta.textContent = error.message === "file"
        ? "Search needs the site served over HTTP (it cannot read its index from disk): see the README."
        : "The search index could not be loaded.";
    });
    return pagefind;
  }

  // Every clause has an English record holding all its words; its Russian, Ukrainian, Korean and Japanese
  // records index the same quotations with that language's stemmer or segmentation. Pagefind searches one
  // language per instance, so the others are merged in (the same bundle, once per language), and only when a
  // query is written in their script: an English query fetches none of their files.
  var SCRIPT = { ru: /\p{Script=Cyrillic}/u, uk: /\p{Script=Cyrillic}/u, ko: /\p{Script=Hangul}/u, ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u, zh: /\p{Script=Han}/u };
  var languages = [];  // the index's languages other than English
  var merged = {};  // language -> the promise of its merged index

  function indexFor(pf, query) {
    var wanted = languages.filter(function (l) { return !SCRIPT[l] || SCRIPT[l].test(query); });
    return Promise.all(wanted.map(function (l) {
      return merged[l] || (merged[l] = pf.mergeIndex(new URL("./", bundle).href + "./", { language: l }));
    })).then(function () { return pf; });
  }

  function showFilters(pf) {
    pf.filters().then(function (available) {
      filterBar.textContent = "";
      FILTERS.forEach(function (pair) {
        var values = Object.keys(available[pair[0]] || {}).sort(function (a, b) { return a.localeCompare(b); });
        if (values.length < 2 && !chosen[pair[0]]) return;
        var label = document.createElement("label");
        label.className = "treaty-search__filter";
        label.append(pair[1] + " ");
        var select = document.createElement("select");
        select.name = pair[0];
        select.append(new Option("any", ""));
        values.forEach(function (v) { select.append(new Option(v, v)); });
        if (chosen[pair[0]] && values.indexOf(chosen[pair[0]]) === -1) select.append(new Option(chosen[pair[0]], chosen[pair[0]]));
        select.value = chosen[pair[0]] || "";
        select.addEventListener("change", function () {
          if (select.value) chosen[pair[0]] = select.value; else delete chosen[pair[0]];
          search(input.value);
        });
        label.append(select);
        filterBar.append(label);
      });
      filterBar.hidden = !filterBar.childElementCount;
    });
  }

  function search(query) {
    var number = ++latest;
    query = query.slice(0, 200).trim();
    list.textContent = "";
    if (!query) { meta.textContent = "Type to start searching"; return; }
    if (!/[\p{L}\p{N}]/u.test(query)) { meta.textContent = "No matching documents"; return; }
    load().then(function (pf) { return indexFor(pf, query); }).then(function (pf) {
      var filters = {};
      Object.keys(chosen).forEach(function (k) { filters[k] = chosen[k]; });
      return pf.search(query, { filters: filters });
    }).then(function (found) {
      if (number !== latest || !found) return;
      show(found.results, query, number, 0, {});
    }).catch(function () { /* reported by load() */ });
  }

  function show(results, query, number, from, seen) {
    var batch = results.slice(from, from + PAGE * 2);
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (number !== latest) return;
      var shown = 0;
      data.forEach(function (d) {
        var href = d.meta && d.meta.href;
        if (!href || seen[href] || shown >= PAGE) return;
        seen[href] = true;
        shown += 1;
        list.append(item(d, href, query));
      });
      var total = Object.keys(seen).length;
      meta.textContent = total ? (results.length > from + batch.length ? "More than " + total : total) + " matching " + (total === 1 ? "result" : "results") : "No matching documents";
      if (results.length > from + batch.length) {
        var more = document.createElement("button");
        more.type = "button";
        more.className = "md-search-result__more treaty-search__more";
        more.textContent = "Show more results";
        more.addEventListener("click", function () { more.remove(); show(results, query, number, from + batch.length, seen); });
        var li = document.createElement("li");
        li.append(more);
        list.append(li);
      }
    });
  }

  function item(data, href, query) {
    var url = new URL(href, root);
    url.searchParams.set("h", query);
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = url.href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = data.meta.title || href;
    var excerpt = document.createElement("p");
    excerpt.append.apply(excerpt, marked(data.excerpt || ""));
    article.append(title, excerpt);
    a.append(article);
    li.append(a);
    return li;
  }

  function marked(excerpt) {  // Pagefind's excerpt: text with <mark> around the words found; only those become elements
    var decode = document.createElement("textarea");
    return excerpt.split(/(<mark>|<\/mark>)/).reduce(function (out, part, i, parts) {
      if (part === "<mark>" || part === "</mark>") return out;
      decode.innerHTML = part;  // a textarea's content is text: entities are decoded, no element is made
      var text = document.createTextNode(decode.value);
      if (parts[i - 1] === "<mark>") { var m = document.createElement("mark"); m.append(text); out.push(m); } else out.push(text);
      return out;
    }, []);
  }

  function open() {
    if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    input.focus();
    input.select();
    preload();
  }

  function close() {
    if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    input.blur();
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link")); }

  function preload() { load().catch(function () { /* reported in the box by load() */ }); }

  input.addEventListener("focus", function () {  // a click in the header's box opens the results, as in Material
    if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    preload();
  });
  input.addEventListener("input", function () { search(input.value); });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  box.querySelector("form").addEventListener("reset", function () { setTimeout(function () { search(""); input.focus(); }, 0); });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); preload(); } });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var inBox = box.contains(target);
    if (!inBox && !typing && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    } else if (inBox && event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (inBox && (event.key === "ArrowDown" || event.key === "ArrowUp") && target.tagName !== "SELECT") {
      var all = links();
      if (!all.length) return;
      event.preventDefault();
      var at = all.indexOf(target);
      var next = event.key === "ArrowDown" ? (at + 1) % all.length : at <= 0 ? -1 : at - 1;
      if (next === -1) input.focus(); else all[next].focus();
    }
  });

  // A search from the address (?q=…&treaty=…): values are read as text and only ever compared or shown.
  var params = new URLSearchParams(location.search);
  FILTERS.forEach(function (pair) { var v = params.get(pair[0]); if (v) chosen[pair[0]] = v.slice(0, 200); });
  if (params.get("q")) {
    input.value = params.get("q").slice(0, 200);
    open();
    search(input.value);
  }

  // Arriving from a result: mark the query's words in the clause it opened (or the page's article).
  var words = (params.get("h") || "").slice(0, 200).split(/[\s\p{P}]+/u).filter(function (w) { return w.length > 1 || /[^\x00-\x7f]/.test(w); });
  if (words.length) highlight(words);

  function highlight(terms) {
    var start = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var pattern = new RegExp(terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "giu");
    var scope = [];
    if (start && /^H[1-6]$/.test(start.tagName)) {
      for (var el = start.nextElementSibling; el && !/^H[1-2]$/.test(el.tagName); el = el.nextElementSibling) scope.push(el);
    } else scope.push(article);
    var count = 0;
    scope.forEach(function (el) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        if (count > 500 || node.parentElement.closest("script, style, .cite")) return;
        var text = node.nodeValue;
        pattern.lastIndex = 0;
        if (!pattern.test(text)) return;
        pattern.lastIndex = 0;
        var out = document.createDocumentFragment();
        var last = 0;
        text.replace(pattern, function (match, offset) {
          out.append(text.slice(last, offset));
          var m = document.createElement("mark");
          m.className = "treaty-search-hit";
          m.textContent = match;
          out.append(m);
          last = offset + match.length;
          count += 1;
          return match;
        });
        out.append(text.slice(last));
        node.replaceWith(out);
      });
    });
    // Words found in a clause's folded notes: unfold that list, so the reader sees why the clause came up.
    scope.forEach(function (el) {
      el.querySelectorAll("details.clause-notes:not([open])").forEach(function (d) {
        if (d.querySelector("mark.treaty-search-hit")) d.open = true;
      });
    });
  }
})();
