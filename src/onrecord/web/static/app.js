// onrecord web: the hover/focus card of a quote, jumping from the side panel, the upload size check.
// Text is only ever set with textContent, never as HTML.
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function row(tip, label, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    var line = el("div", "tip-row");
    line.appendChild(el("span", "tip-label", label + ": "));
    line.appendChild(document.createTextNode(Array.isArray(value) ? value.join(" · ") : value));
    tip.appendChild(line);
  }

  function setUpQuotes() {
    var holder = document.getElementById("quote-data");
    var tip = document.getElementById("tip");
    if (!holder || !tip) return;
    var quotes = JSON.parse(holder.textContent);
    var shown = null;

    function pieces(id) {
      return document.querySelectorAll('[data-quote="' + CSS.escape(id) + '"]');
    }

    function show(target) {
      var id = target.getAttribute("data-quote");
      var q = quotes[id];
      if (!q) return;
      hide();
      tip.textContent = "";
      tip.appendChild(el("div", "tip-name", (q.number ? q.number + " · " : "") + q.speaker));
      row(tip, "identity", q.identity + (q.kind ? " " + q.kind : ""));
      row(tip, "described as", q.descriptors);
      row(tip, "why unnamed", q.anonymity_reason);
      row(tip, "cue", q.cue);
      row(tip, "source", q.source);
      row(tip, "type", q.type_label);
      row(tip, "flags", q.flags);
      (q.caveats || []).forEach(function (c) { row(tip, "caveat (" + c.kind + ")", c.text); });
      var box = target.getBoundingClientRect();
      tip.hidden = false;
      tip.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
      tip.style.top = (window.scrollY + box.bottom + 6) + "px";
      pieces(id).forEach(function (p) { p.classList.add("active"); });
      var first = document.getElementById(id);
      if (first) first.setAttribute("aria-describedby", "tip");
      shown = id;
    }

    function hide() {
      if (shown) pieces(shown).forEach(function (p) { p.classList.remove("active"); });
      shown = null;
      tip.hidden = true;
    }

    var text = document.getElementById("article-text");
    text.addEventListener("mouseover", function (e) {
      var target = e.target.closest("mark.q");
      if (target) show(target);
    });
    text.addEventListener("mouseleave", hide);
    text.addEventListener("focusin", function (e) {
      var target = e.target.closest("mark.q");
      if (target) show(target);
    });
    text.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });

    // A link to a quote (article#q3, from the speaker or corpus page) scrolls to it and highlights
    // every piece of it; so does following a link within the page.
    function showTarget() {
      var id = decodeURIComponent(location.hash.slice(1));
      document.querySelectorAll("mark.q.targeted").forEach(function (p) { p.classList.remove("targeted"); });
      if (!id || !quotes[id]) return;
      var first = document.getElementById(id);
      if (!first) return;
      pieces(id).forEach(function (p) { p.classList.add("targeted"); });
      first.scrollIntoView({ block: "center" });
      first.focus({ preventScroll: true });
    }
    window.addEventListener("hashchange", showTarget);
    showTarget();
    // The browser's own jump to the fragment can come after this script and put the quote at the very
    // top edge; centre it again once the page has loaded.
    window.addEventListener("load", showTarget);

    document.querySelectorAll("[data-jump]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        var id = link.getAttribute("data-jump");
        if (!document.getElementById(id)) return;
        e.preventDefault();
        history.replaceState(null, "", "#" + encodeURIComponent(id));  // the address now names this quote
        showTarget();
      });
    });
  }

  function setUpForm() {
    var form = document.getElementById("analyze-form");
    if (!form) return;
    var limit = parseInt(form.getAttribute("data-limit"), 10);
    var message = document.getElementById("form-message");
    form.addEventListener("submit", function (e) {
      var file = document.getElementById("file").files[0];
      var text = document.getElementById("text").value;
      var problem = null;
      if (file && file.size > limit) {
        problem = file.name + " is " + (file.size / 1e6).toFixed(1) + " MB; the limit is " +
          form.getAttribute("data-limit-text") + ". Upload a single article or paste a shorter text.";
      } else if (!file && !text.trim()) {
        problem = "Paste an article or choose a file first.";
      }
      if (problem) {
        e.preventDefault();
        message.textContent = problem;
        message.hidden = false;
      } else {
        document.getElementById("analyze-button").textContent = "Analyzing…";
      }
    });
  }

  // The corpus filters: an empty field is left out of the address, so the URL holds only the
  // filters that are set (the same address the page offers as "link to this view").
  function setUpFilters() {
    var form = document.getElementById("filters");
    if (!form) return;
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && !field.value.trim()) field.disabled = true;
      });
    });
    window.addEventListener("pageshow", function () {  // coming back: the fields work again
      form.querySelectorAll("[disabled]").forEach(function (field) { field.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpQuotes();
    setUpForm();
    setUpFilters();
  });
})();
