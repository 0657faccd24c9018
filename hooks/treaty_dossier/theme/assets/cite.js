// "Cite" blocks: each Copy button copies the text of the citation beside it and says so in the
// block's status line (role="status", read out by screen readers). Works offline: no request made.
(function () {
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
