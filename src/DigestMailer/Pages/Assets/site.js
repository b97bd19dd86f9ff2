// Optional comfort: the page works without it.
(function () {
  // Forms that destroy something ask first (here rather than in an onsubmit attribute, which the CSP refuses).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // A zone nobody chose yet (still UTC) is set to the browser's own.
  var zone = document.querySelector("select[data-browser-zone]:not([data-chosen])");
  var browserZone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; zone && browserZone && i < zone.options.length; i++) {
    if (zone.options[i].text === browserZone) { zone.selectedIndex = i; }
  }

  var topics = document.getElementById("topics"), preview = document.getElementById("preview"), timer;
  if (!topics || !preview) { return; }
  function show() {
    var lines = topics.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean).slice(0, 5);
    preview.textContent = "";
    lines.forEach(function (line) {
      fetch("/api/topics/preview?topic=" + encodeURIComponent(line)).then(function (r) { return r.json(); }).then(function (result) {
        var item = document.createElement("p");
        item.className = "hint";
        if (result.errors) { item.textContent = line + ": " + Object.values(result.errors)[0][0]; }
        else {
          item.textContent = line + ": " + result.matched + " paper" + (result.matched === 1 ? "" : "s") + " this week"
            + (result.papers.length ? ", e.g. " + result.papers.slice(0, 2).map(function (p) { return "\u201c" + p.title + "\u201d"; }).join(", ") : "");
        }
        preview.appendChild(item);
      }).catch(function () { });
    });
  }
  topics.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 600); });
})();
