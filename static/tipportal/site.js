// TipPortal's few behaviours. Loaded as a file so the Content-Security-Policy can forbid inline script.
// Its words come from the djangojs catalog (/jsi18n/, loaded just before), in the page's language.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };

  // Gallery: open a still full size in a dialog; the link still works without JavaScript.
  var lightbox = document.querySelector(".tp-lightbox");
  if (lightbox && typeof lightbox.showModal === "function") {
    var image = lightbox.querySelector("img");
    var caption = lightbox.querySelector(".tp-lightbox-caption");
    document.querySelectorAll(".tp-enlarge").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        image.src = link.dataset.tpFull;
        image.alt = link.dataset.tpCaption || "";
        caption.textContent = link.dataset.tpCaption || "";
        lightbox.showModal();
      });
    });
    lightbox.addEventListener("click", function (event) {
      if (event.target === lightbox) { lightbox.close(); }
    });
  }

  // Linked videos: nothing is requested from YouTube or Vimeo until the visitor presses play.
  document.querySelectorAll("[data-tp-embed]").forEach(function (box) {
    var button = box.querySelector("button");
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.dataset.tpEmbed;
      frame.title = box.dataset.tpTitle || "";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
      frame.focus();
    });
  });

  // Pictures and videos still being prepared: look at the page again now and then, and put each
  // one in place once the worker has made it. Without JavaScript, the placeholder says what to expect.
  var waiting = function () { return document.querySelectorAll("[data-tp-media][data-tp-preparing]"); };
  if (waiting().length && window.fetch && window.DOMParser) {
    var looks = 0;
    var look = function () {
      looks += 1;
      // "no-cache": the browser asks the server again instead of reusing its own copy of the page.
      fetch(window.location.href, { credentials: "same-origin", cache: "no-cache" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          waiting().forEach(function (box) {
            var made = fresh.querySelector("[data-tp-media='" + box.dataset.tpMedia + "']");
            if (made && !made.hasAttribute("data-tp-preparing")) {
              box.replaceWith(document.importNode(made, true));
            }
          });
        })
        .catch(function () { return null; })
        .then(function () {
          if (waiting().length && looks < 30) { window.setTimeout(look, 10000); }
        });
    };
    window.setTimeout(look, 5000);
  }

  // Share: copy the case link.
  document.querySelectorAll("[data-tp-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!navigator.clipboard) { return; }
      navigator.clipboard.writeText(button.dataset.tpCopy).then(function () {
        button.textContent = gettext("Link copied");
      });
    });
  });

  // Forms with uploads: say that the upload is in flight and stop double submits.
  document.querySelectorAll("form[enctype='multipart/form-data']").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        button.disabled = true;
        if (button.hasAttribute("data-tp-busy")) { button.textContent = gettext("Sending…"); }
      });
      var status = form.querySelector(".tp-upload-status");
      if (status) { status.hidden = false; }
    });
  });

  // Error summary (the GOV.UK pattern): the focus starts on it, so the problems are read out
  // first; each link puts the focus in its field, with the field's label in view.
  var summary = document.querySelector("[data-tp-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) { return; }
        event.preventDefault();
        var label = document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView();
        field.focus({ preventScroll: true });
      });
    });
  }
})();
