// Case admin: say that an upload is in flight (videos can take minutes) and stop double submits.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("case_form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      // A disabled button is left out of what the form sends, the pressed one too: without its
      // name ("_continue", "_addanother") the admin would take every press for plain "Save".
      var pressed = event.submitter;
      if (pressed && pressed.name) {
        var kept = document.createElement("input");
        kept.type = "hidden";
        kept.name = pressed.name;
        kept.value = pressed.value;
        form.appendChild(kept);
      }
      var hasFiles = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
        return input.files && input.files.length > 0;
      });
      var status = document.createElement("p");
      status.className = "tp-upload-status";
      status.setAttribute("role", "status");
      // The admin's own catalog (admin:jsi18n) includes the project's djangojs strings.
      status.textContent = hasFiles
        ? gettext("Uploading and checking files… large videos can take a few minutes. Please keep this page open.")
        : gettext("Saving…");
      form.querySelector(".submit-row").prepend(status);
      form.querySelectorAll("input[type=submit]").forEach(function (button) { button.disabled = true; });
    });
  });
})();
