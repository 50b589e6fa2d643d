/* Progressive enhancement for the wrap-up site: the pages read fully without it.
 *  - "Copy link" buttons on topics copy the topic's address.
 *  - Tables marked data-sortable get filters (event, status, repository, free text) and
 *    sortable columns. The rows carry the same data as topics.json (data-* attributes).
 *  - An address whose #anchor an author set in raw HTML (published as "user-content-" + anchor,
 *    as GitHub does, so that it never stands for an id the theme looks up) scrolls to it.
 *  - A diagram's lightbox link opens the variant (light or dark) the page shows. */
(function () {
  "use strict";

  function copyLinks() {
    document.querySelectorAll("button.wrapup-permalink").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = new URL("#" + button.dataset.anchor, window.location.href).href;
        var done = function () {
          button.textContent = "Link copied";
          window.setTimeout(function () { button.textContent = "Copy link"; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { window.location.hash = button.dataset.anchor; });
        } else {
          window.location.hash = button.dataset.anchor;  // no clipboard here: put the link in the address bar
        }
      });
    });
  }

  function option(select, value, text) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    select.appendChild(element);
  }

  function control(label, element) {
    var wrapper = document.createElement("label");
    wrapper.className = "wrapup-filter";
    wrapper.appendChild(document.createTextNode(label + " "));
    wrapper.appendChild(element);
    return wrapper;
  }

  function select(name, values) {
    var element = document.createElement("select");
    element.name = name;
    option(element, "", "all");
    values.forEach(function (value) { option(element, value[0], value[1]); });
    return element;
  }

  function sortableTable(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var events = [], repositories = {}, statuses = {};
    rows.forEach(function (row) {
      var label = row.cells[0].textContent.trim();
      if (!events.some(function (e) { return e[0] === row.dataset.event; })) events.push([row.dataset.event, label]);
      statuses[row.dataset.status] = true;
      row.dataset.repositories.split(" ").filter(Boolean).forEach(function (r) { repositories[r] = true; });
    });
    var eventSelect = select("event", events);
    var statusSelect = select("status", Object.keys(statuses).sort().map(function (s) { return [s, s]; }));
    var repositorySelect = select("repository", Object.keys(repositories).sort(function (a, b) {
      return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
    }).map(function (r) { return [r, r]; }));
    var text = document.createElement("input");
    text.type = "search";
    text.name = "text";
    text.placeholder = "words in the title";
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    var form = document.createElement("form");
    form.className = "wrapup-filters";
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    [control("Event", eventSelect), control("Status", statusSelect), control("Repository", repositorySelect),
     control("Text", text), count].forEach(function (element) { form.appendChild(element); });
    // Into the space the page reserved for it, so that the table does not move when it appears.
    var slot = table.parentNode.querySelector(".wrapup-filters-slot");
    (slot || table.parentNode).insertBefore(form, slot ? null : table);

    function filter() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var title = row.cells[1].textContent.toLowerCase();
        var visible = (!eventSelect.value || row.dataset.event === eventSelect.value) &&
          (!statusSelect.value || row.dataset.status === statusSelect.value) &&
          (!repositorySelect.value || row.dataset.repositories.split(" ").indexOf(repositorySelect.value) >= 0) &&
          words.every(function (word) { return title.indexOf(word) >= 0; });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " topics";
    }
    [eventSelect, statusSelect, repositorySelect].forEach(function (s) { s.addEventListener("change", filter); });
    text.addEventListener("input", filter);
    filter();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "wrapup-sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var kind = header.dataset.sort;
        var key = function (row) {
          var cell = row.cells[column];
          var value = cell.dataset.value || cell.textContent.trim();
          return kind === "number" ? parseFloat(value) || 0 : value.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function authorAnchor() {
    var name = decodeURIComponent(window.location.hash.slice(1));
    if (!name || document.getElementById(name)) return;
    var target = document.getElementById("user-content-" + name);
    if (target) target.scrollIntoView();
  }

  // The style sheet shows a diagram's light or dark picture by Material's scheme; a link's
  // address is no style, and GLightbox reads the addresses when it starts. Each diagram's link
  // points at the picture in view, again whenever the scheme changes (the palette toggle, or
  // the system's on "automatic"), and the lightbox reads them again.
  function diagramLinks() {
    var links = Array.prototype.filter.call(document.querySelectorAll("a.wrapup-diagram"), function (link) {
      return link.querySelector("img.wrapup-diagram-dark");
    });
    if (!links.length) return;
    function follow() {
      var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
      links.forEach(function (link) {
        var shown = link.querySelector(dark ? "img.wrapup-diagram-dark" : "img.wrapup-diagram-light");
        if (shown) link.setAttribute("href", shown.getAttribute("src"));
      });
      // mkdocs-glightbox keeps its GLightbox in a global `lightbox` of its own script.
      if (typeof lightbox !== "undefined" && lightbox && typeof lightbox.reload === "function") {
        lightbox.reload();
      }
    }
    follow();
    new MutationObserver(follow).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});
  }

  function start() {
    copyLinks();
    authorAnchor();
    window.addEventListener("hashchange", authorAnchor);
    document.querySelectorAll("table[data-sortable]").forEach(sortableTable);
    diagramLinks();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
