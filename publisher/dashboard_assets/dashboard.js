/* kpu-publisher dashboard: language switch, office filters, package lists. No libraries.
   Everything is already rendered in the HTML; this script only changes what is shown.
   URL hash options (shareable views): #lang=en&prov=13&status=invalid&kind=rules&q=sijunjung */
(function () {
  "use strict";
  var I18N = JSON.parse(document.getElementById("kpu-i18n").textContent);
  var STATUS = JSON.parse(document.getElementById("kpu-status").textContent);
  var LANGS = ["id", "en"];
  var FILTERS = ["", "ready", "invalid", "blocked", "failed", "incomplete", "unpublished"];
  var KINDS = ["", "personal-data", "build", "folder", "narrative", "file", "table", "rules",
    "regions", "package"];
  var initialLang = document.documentElement.lang;
  var state = { lang: initialLang, prov: "", status: "", kind: "", q: "" };

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  function number(n, lang) {
    var digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === "id" ? "." : ",");
    return n < 0 ? "-" + digits : digits;
  }

  function text(key, args, lang) {
    var out = I18N[key][lang];
    (args || []).forEach(function (arg, i) {
      out = out.split("{" + i + "}").join(typeof arg === "number" ? number(arg, lang) : String(arg));
    });
    return out;
  }

  function translate(el, lang) {
    el.textContent = text(el.dataset.i18n, el.dataset.args ? JSON.parse(el.dataset.args) : [], lang);
  }

  function setLang(lang) {
    if (LANGS.indexOf(lang) < 0) return;
    state.lang = lang;
    document.documentElement.lang = lang;
    document.title = text("title", [], lang);
    all("[data-i18n]").forEach(function (el) { translate(el, lang); });
    all("[data-i18n-attr]").forEach(function (el) {
      el.dataset.i18nAttr.split(" ").forEach(function (pair) {
        var parts = pair.split(":");
        el.setAttribute(parts[0], text(parts[1], [], lang));
      });
    });
    all("[data-n]").forEach(function (el) {
      var n = Number(el.dataset.n);
      if (el.dataset.signed) {
        el.textContent = (n > 0 ? "+" : n < 0 ? "\u2212" : "") + number(Math.abs(n), lang);
      } else {
        el.textContent = number(n, lang);
      }
    });
    all("[data-id][data-en]").forEach(function (el) { el.textContent = el.dataset[lang]; });
    all("[data-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    });
  }

  function matches(el, words) {
    if (state.prov && el.dataset.prov !== state.prov) return false;
    if (state.status && !(Number(el.dataset[state.status]) > 0)) return false;
    if (state.kind && (el.dataset.kinds || "").split(" ").indexOf(state.kind) < 0) return false;
    return words.every(function (word) { return el.dataset.search.indexOf(word) >= 0; });
  }

  function applyFilters() {
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    var offices = all("tbody[data-office]");
    all("[data-office]").forEach(function (el) {
      var ok = matches(el, words);
      el.hidden = !ok;
      if (ok && el.tagName === "TBODY") shown += 1;
    });
    var counter = document.getElementById("shown");
    counter.dataset.args = JSON.stringify([shown, offices.length]);
    translate(counter, state.lang);
    document.getElementById("no-match").hidden = shown > 0;
    all("li[data-kind]").forEach(function (item) {
      item.hidden = Boolean(state.kind) && item.dataset.kind !== state.kind;
    });
    document.getElementById("f-kind").value = state.kind;
    document.getElementById("f-prov").value = state.prov;
    document.getElementById("f-status").value = state.status;
    var search = document.getElementById("f-q");
    if (search.value !== state.q) search.value = state.q;
  }

  function readHash() {
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") < 0) return false;
    var params = new URLSearchParams(hash);
    var lang = params.get("lang");
    var status = params.get("status") || "";
    state.prov = params.get("prov") || "";
    state.status = FILTERS.indexOf(status) >= 0 ? status : "";
    state.q = params.get("q") || "";
    var kind = params.get("kind") || "";
    state.kind = KINDS.indexOf(kind) >= 0 ? kind : "";
    if (lang && lang !== state.lang) setLang(lang);
    return true;
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (state.lang !== initialLang) params.set("lang", state.lang);
    if (state.prov) params.set("prov", state.prov);
    if (state.status) params.set("status", state.status);
    if (state.kind) params.set("kind", state.kind);
    if (state.q) params.set("q", state.q);
    var query = params.toString();
    try {
      var base = window.location.pathname + window.location.search;
      window.history.replaceState(null, "", query ? "#" + query : base);
    } catch (err) {
      /* some browsers refuse history changes on file:// pages; the view still works */
    }
  }

  function update() {
    applyFilters();
    writeHash();
  }

  function bind() {
    all("[data-lang]").forEach(function (button) {
      button.addEventListener("click", function () {
        setLang(button.dataset.lang);
        writeHash();
      });
    });
    var form = document.querySelector(".filters");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      state.prov = state.status = state.kind = state.q = "";
      update();
    });
    document.getElementById("f-prov").addEventListener("change", function (event) {
      state.prov = event.target.value;
      update();
    });
    document.getElementById("f-status").addEventListener("change", function (event) {
      state.status = event.target.value;
      update();
    });
    document.getElementById("f-kind").addEventListener("change", function (event) {
      state.kind = event.target.value;
      update();
    });
    document.getElementById("f-q").addEventListener("input", function (event) {
      state.q = event.target.value;
      update();
    });
    all(".prov-name").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        state.prov = link.getAttribute("href").split("=")[1];
        state.status = state.kind = state.q = "";
        update();
        document.getElementById("offices").scrollIntoView();
        document.getElementById("f-prov").focus();
      });
    });
    all(".disclose").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
      });
    });
    var more = document.getElementById("rank-toggle");
    if (more) {
      more.addEventListener("click", function () {
        var open = more.getAttribute("aria-expanded") !== "true";
        more.setAttribute("aria-expanded", String(open));
        more.dataset.i18n = open ? more.dataset.less : more.dataset.more;
        translate(more, state.lang);
        all(".ranking tr.more").forEach(function (row) { row.hidden = !open; });
      });
    }
    window.addEventListener("hashchange", function () {
      if (readHash()) applyFilters();
    });
  }

  bind();
  readHash();
  applyFilters();
  document.documentElement.dataset.ready = "1";
  window.kpuDashboard = { status: STATUS, setLang: setLang };
})();
