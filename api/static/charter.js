// Charter's pages work without this script; it only makes a few things easier.
// - The sign-in form learns the browser's time zone, so that times are shown in it.
// - A refused form's error summary takes the focus.
// - A form is not sent twice by a second click while the first is on its way.
(function () {
  "use strict";
  var zone = document.querySelector("input[name=time_zone]");
  if (zone && !zone.value && window.Intl) {
    try {
      zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {}
  }
  // A refused form: the focus goes to the summary of what to correct, as a screen reader
  // then reads it and Tab leads on to its links, each to its field.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent === "yes") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "yes";
    window.setTimeout(function () { form.dataset.sent = ""; }, 5000);
  });
})();
