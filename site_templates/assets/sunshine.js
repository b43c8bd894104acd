// Progressive enhancement only; every page works without JavaScript.
// A table that is wider than the screen scrolls sideways inside Material's
// .md-typeset__scrollwrap; make exactly those scroll areas reachable and
// named for keyboard and screen-reader users (WCAG 2.1.1). Tables that fit
// get no extra tab stop.
(function () {
  // Material only wraps plain tables; give styled ones (class="...") the same
  // scroll wrapper so that a wide one scrolls inside the page, not the page.
  function wrapStyledTables() {
    document.querySelectorAll(".md-typeset table[class]:not(.highlighttable)").forEach(function (table) {
      if (table.closest(".md-typeset__scrollwrap")) {
        return;
      }
      var wrap = document.createElement("div");
      wrap.className = "md-typeset__scrollwrap";
      var inner = document.createElement("div");
      inner.className = "md-typeset__table";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(inner);
      inner.appendChild(table);
    });
  }
  function markScrollableTables() {
    wrapStyledTables();
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "表格 " + (index + 1) + "（可左右滚动）");
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  // Material wraps the tables when it (re)renders a page and announces that on
  // document$; without Material's script the page has no wrappers to mark.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(markScrollableTables);
  } else {
    markScrollableTables();
  }
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(markScrollableTables, 150);
  });
})();
