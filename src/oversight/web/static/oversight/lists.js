/* Lists and pickers, without inline script (the Content-Security-Policy forbids it).
 *
 * - select[data-picker]: searchable with Tom Select (vendored); typed words match without
 *   diacritics ("da nang" finds "Đà Nẵng"), each word anywhere in the label, order kept
 *   (today's units first, then "before 1 July 2025", each in Vietnamese alphabetical order).
 * - keyboard: "/" focuses the list's search box (or the menu's search); "j"/"k" move down/up the
 *   rows of a list, Enter opens the row, "x" ticks its checkbox.
 * - checkboxes: "select all", the bulk bar (shown when rows are ticked), the chosen action's
 *   parameters, export of the ticked rows.
 */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }

  function enhancePickers(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect || select.multiple) return;
      new TomSelect(select, {
        allowEmptyOption: true,
        maxOptions: null,
        placeholder: select.dataset.placeholder || "",
        searchField: ["text"],
        sortField: [{ field: "$score" }, { field: "$order" }],
        score: function (search) {
          var wanted = words(search);
          return function (item) {
            if (!wanted.length) return 1;
            var have = words(item.text);
            return wanted.every(function (w) {
              return have.some(function (h) { return h.indexOf(w) === 0; });
            }) ? 1 : 0;
          };
        },
        render: {
          no_results: function () {
            return '<div class="no-results">' + (select.dataset.empty || "—") + "</div>";
          }
        }
      });
    });
  }

  // --- keyboard --------------------------------------------------------------------------
  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table[data-list] tbody tr[data-href]"));
  }

  function activate(row) {
    rows().forEach(function (r) { r.classList.remove("row-active"); r.removeAttribute("aria-current"); });
    if (!row) return;
    row.classList.add("row-active");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
  }

  function activeIndex(all) {
    for (var i = 0; i < all.length; i++) if (all[i].classList.contains("row-active")) return i;
    return -1;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && typing(event.target) && event.target.matches("[data-list-search], .nav-search")) {
      event.target.blur();
      return;
    }
    if (typing(event.target)) return;
    var all = rows();
    var index = activeIndex(all);
    if (event.key === "/") {
      var box = document.querySelector("[data-list-search]") || document.querySelector(".nav-search");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    } else if (event.key === "j" || event.key === "k") {
      if (!all.length) return;
      event.preventDefault();
      var next = event.key === "j" ? Math.min(index + 1, all.length - 1) : Math.max(index - 1, 0);
      activate(all[next]);
    } else if (event.key === "Enter" && index >= 0 && (event.target === document.body || all[index].contains(event.target))) {
      event.preventDefault();
      window.location.assign(all[index].dataset.href);
    } else if (event.key === "x" && index >= 0) {
      var box2 = all[index].querySelector("input.row-check");
      if (box2) { box2.checked = !box2.checked; box2.dispatchEvent(new Event("change", { bubbles: true })); }
    }
  });

  // --- checkboxes and bulk actions --------------------------------------------------------
  function checked() {
    return Array.prototype.slice.call(document.querySelectorAll("input.row-check:checked"));
  }

  function refreshBulk() {
    var bar = document.querySelector("[data-bulk-bar]");
    if (!bar) return;
    var ticked = checked();
    bar.hidden = ticked.length === 0;
    var count = bar.querySelector("[data-bulk-count]");
    if (count) count.textContent = (count.dataset.template || "{n}").replace("{n}", ticked.length);
    var action = bar.querySelector("[data-bulk-action]");
    bar.querySelectorAll("[data-for]").forEach(function (param) {
      var show = action && param.dataset.for.split(" ").indexOf(action.value) >= 0;
      param.hidden = !show;
      param.querySelectorAll("input, select").forEach(function (input) { input.disabled = !show; });
    });
    var all = document.querySelector("[data-check-all]");
    if (all) {
      var boxes = document.querySelectorAll("input.row-check");
      all.checked = boxes.length > 0 && ticked.length === boxes.length;
      all.indeterminate = ticked.length > 0 && ticked.length < boxes.length;
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-check-all]")) {
      document.querySelectorAll("input.row-check").forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches("[data-check-all], input.row-check, [data-bulk-action]")) refreshBulk();
  });

  // The search box already asks for the list as the user types (the filter form's "input"
  // trigger). Its "change" on leaving the box would ask again for the same list, and that
  // second answer could replace the list's own "Clear filters" link between the press and the
  // release of a click on it: the click was lost. Keep that one "change" from the form.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-list-search]")) event.stopPropagation();
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-export-selection]");
    if (!button) return;
    var ids = checked().map(function (box) { return box.value; });
    if (!ids.length) return;
    var params = new URLSearchParams({ export: button.dataset.exportSelection, selected: ids.join(",") });
    window.location.assign(window.location.pathname + "?" + params.toString());
  });

  function start(root) {
    enhancePickers(root || document);
    refreshBulk();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
  // htmx replaces the list's body after a filter changes: enhance what came in.
  document.addEventListener("htmx:load", function (event) { start(event.target); });
})();
