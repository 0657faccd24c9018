// "Cite" blocks: each Copy button copies the text of the citation beside it and says so in the
// block's status line (role="status", read out by screen readers). Works offline: no request made.
//
// A note's Cite is a link to the treaty's citations page carrying its CSL item (data-cite); the page
// gives its edition's fields once per clause (data-cite-edition). Writing 1.7 KB of three formats into
// the page for each of thousands of notes made a treaty page too heavy to open (issue 22). When the
// reader opens it, the three formats are written here with the same rules as data/citation.py (a
// browser test compares the two). Without script the link leads to them on the citations page.
(function () {
  "use strict";

  var TEX = { "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "$": "\\$",
              "#": "\\#", "_": "\\_", "^": "\\^{}", "~": "\\~{}" };

  function tex(text) { return text.replace(/[\\{}%&$#_^~]/g, function (c) { return TEX[c]; }); }

  function date(item) {
    var parts = ((item.issued || {})["date-parts"] || [[]])[0] || [];
    return parts.length ? parts.map(function (p, i) { return i ? String(p).padStart(2, "0") : String(p); }).join("-") : null;
  }

  function edition(item) {
    var day = date(item);
    var words = [day ? "edition of " + day : "undated edition"];
    if (item.version) words.push("commit " + item.version.slice(0, 10));
    return words.join(", ");
  }

  function plainText(item) {
    var authors = (item.author || []).map(function (a) { return a.literal || ""; }).join("; ");
    return (authors ? authors + ", " : "") + "\u201c" + item.title + "\u201d" +
      (item.section ? ", " + item.section : "") + (item.genre ? " (" + item.genre + ")" : "") + "." +
      (item.note ? " " + item.note + "." : "") + " " + item["container-title"] + ", " + edition(item) + ". " + item.URL;
  }

  function bibtex(item) {
    var key = item.id.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "item";
    var fields = [];
    if (item.author && item.author.length) {
      fields.push(["author", item.author.map(function (a) { return "{" + tex(a.literal || "") + "}"; }).join(" and ")]);
    }
    fields.push(["title", tex(item.title + (item.section ? ", " + item.section : ""))]);
    fields.push(["howpublished", tex(item["container-title"])]);
    var day = date(item);
    if (day) { fields.push(["year", day.slice(0, 4)]); fields.push(["date", day]); }
    if (item.version) fields.push(["version", tex(item.version)]);
    fields.push(["note", tex([item.genre, item.note, edition(item)].filter(Boolean).join(", "))]);
    fields.push(["url", item.URL]);
    return "@misc{" + key + ",\n" + fields.map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n") + "\n}";
  }

  function pyJson(value) {  // Python's json.dumps(value, ensure_ascii=False): ", " and ": " between items
    if (Array.isArray(value)) return "[" + value.map(pyJson).join(", ") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).map(function (k) { return JSON.stringify(k) + ": " + pyJson(value[k]); }).join(", ") + "}";
    }
    return JSON.stringify(value);
  }

  function cslJson(item) {
    return "[{\n" + Object.keys(item).sort().map(function (k) { return "  " + JSON.stringify(k) + ": " + pyJson(item[k]); })
      .join(",\n") + "\n}]";
  }

  // A note's Cite is a link to its entry on the treaty's citations page (what a reader without script
  // follows). Here it becomes a button: focused or hovered, it takes role="button" and aria-expanded,
  // before the reader acts on it; activated, it opens a panel with the three formats after it.
  function upgrade(link) {
    if (link.getAttribute("role") === "button") return;
    link.setAttribute("role", "button");
    link.setAttribute("aria-expanded", "false");
  }

  function panelFor(link) {
    var next = link.nextElementSibling;
    if (next && next.classList.contains("cite__panel")) return next;
    var own, shared;
    var holder = link.closest("[data-cite-edition]");
    try {
      own = JSON.parse(link.getAttribute("data-cite"));
      shared = JSON.parse(holder ? holder.getAttribute("data-cite-edition") : "{}");
    } catch (e) { return null; }  // the link leads to the citations page
    var item = Object.assign({}, own, shared);
    var what = link.getAttribute("aria-label").replace(/^Cite /, "");
    var panel = document.createElement("div");
    panel.className = "cite__panel";
    panel.id = "cite-panel-" + link.closest("[id]").id.replace(/[^A-Za-z0-9_-]/g, "-");
    [["Text", plainText(item)], ["BibTeX", bibtex(item)], ["CSL-JSON", cslJson(item)]].forEach(function (f) {
      var div = document.createElement("div");
      div.className = "cite__format";
      var label = document.createElement("span");
      label.className = "cite__label"; label.textContent = f[0];
      var button = document.createElement("button");
      button.type = "button"; button.className = "cite__copy"; button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy " + what + " as " + f[0]);
      var pre = document.createElement("pre"), code = document.createElement("code");
      pre.className = "cite__text"; code.textContent = f[1]; pre.appendChild(code);
      div.append(label, button, pre);
      panel.appendChild(div);
    });
    var status = document.createElement("span");
    status.className = "cite__status"; status.setAttribute("role", "status");
    panel.appendChild(status);
    link.after(panel);
    link.setAttribute("aria-controls", panel.id);
    return panel;
  }

  function toggle(link) {
    upgrade(link);
    var panel = panelFor(link);
    if (!panel) { location.href = link.href; return; }
    var open = link.getAttribute("aria-expanded") !== "true";
    panel.hidden = !open;
    link.setAttribute("aria-expanded", String(open));
  }

  function citeLink(node) { return node && node.closest ? node.closest("a.cite__open[data-cite]") : null; }

  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (event) { var link = citeLink(event.target); if (link) upgrade(link); });
  });
  document.addEventListener("click", function (event) {
    var link = citeLink(event.target);
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;  // a new tab: the page
    event.preventDefault();
    toggle(link);
  });
  document.addEventListener("keydown", function (event) {  // a button opens with Space as well as Enter
    var link = citeLink(event.target);
    if (link && event.key === " ") { event.preventDefault(); toggle(link); }
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // file:// and plain http: the Clipboard API is not there; copy through a selected, hidden textarea.
    return new Promise(function (resolve, reject) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      ok ? resolve() : reject(new Error("copy refused"));
    });
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(".cite__copy");
    if (!button) return;
    const block = button.closest(".cite__format");
    const status = button.closest(".cite").querySelector(".cite__status");
    const label = block.querySelector(".cite__label").textContent;
    copyText(block.querySelector(".cite__text").textContent).then(
      function () { status.textContent = label + " citation copied."; },
      function () { status.textContent = "Copying failed: select the " + label + " text and copy it."; }
    );
  });
})();
