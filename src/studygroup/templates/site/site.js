// The search page: Pagefind's search box, from the site's own folder. Opened from a
// file, a browser will not let a page read its index, so the page says so instead.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) {
    return;
  }
  var offline = document.getElementById("search-offline");
  if (window.location.protocol === "file:") {
    offline.hidden = false;
    return;
  }
  var bundle = new URL(box.getAttribute("data-bundle"), window.location.href);
  var script = document.createElement("script");
  script.src = new URL("pagefind-ui.js", bundle).href;
  script.onload = function () {
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      showImages: false,
      showSubResults: true
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  };
  script.onerror = function () {
    offline.hidden = false;
  };
  document.head.appendChild(script);
})();
