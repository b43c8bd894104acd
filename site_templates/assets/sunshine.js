// Progressive enhancement only; every page works without JavaScript.
// Make horizontally scrollable tables reachable by keyboard (WCAG 2.1.1).
document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
  wrap.setAttribute("tabindex", "0");
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", "表格 " + (index + 1) + "（可左右滚动）");
});
