// Publishing forms: uploads with a progress bar (XMLHttpRequest upload events) and a live
// hint for the tier/grade rule. The server checks both again; without this script the
// forms post as usual.
(function () {
  "use strict";

  function strings() {
    var node = document.getElementById("publish-strings");
    return node ? JSON.parse(node.textContent) : {};
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function size(bytes) {
    if (bytes < 1024) { return bytes + " B"; }
    if (bytes < 1048576) { return (bytes / 1024).toFixed(1) + " KB"; }
    if (bytes < 1073741824) { return (bytes / 1048576).toFixed(1) + " MB"; }
    return (bytes / 1073741824).toFixed(2) + " GB";
  }

  function tierHint(form) {
    var rule = document.getElementById("tier-rule");
    var tier = form.querySelector("[name=open_tier]");
    var hint = form.querySelector("#tier-live");
    if (!rule || !tier || !hint) { return; }
    var key = [form.querySelector("[name=grade]").value,
               form.querySelector("[name=sensitivity]").value, tier.value].join("|");
    var message = JSON.parse(rule.textContent)[key];
    hint.textContent = message || "";
    hint.hidden = !message;
    if (message) {
      tier.setAttribute("aria-invalid", "true");
      tier.setAttribute("aria-describedby", "tier-live");
    } else if (!document.getElementById("open_tier-error")) {
      tier.removeAttribute("aria-invalid");
      tier.removeAttribute("aria-describedby");
    }
  }

  function showPage(html) {
    // an error page or the form again with its errors: show its main content in place
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main");
    var main = document.querySelector("main");
    if (fresh && main) {
      main.innerHTML = fresh.innerHTML;
      document.title = doc.title;
      var alert = main.querySelector("[role=alert]");
      if (alert) { alert.scrollIntoView({block: "center"}); }
    }
  }

  function upload(form, file) {
    var text = strings();
    var box = form.querySelector(".upload-progress");
    var bar = box.querySelector("progress");
    var status = box.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");
    var limit = Number(form.getAttribute("data-max-bytes") || 0);
    box.hidden = false;
    if (limit && file.size > limit) {
      bar.hidden = true;
      status.textContent = text.too_large + " (" + size(file.size) + ")";
      status.classList.add("field-error");
      return;
    }
    bar.hidden = false;
    status.classList.remove("field-error");
    button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "text/html");
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) { return; }
      var pct = Math.floor(100 * event.loaded / event.total);
      bar.value = pct;
      status.textContent = fill(text.uploading, {pct: pct, sent: size(event.loaded),
                                                 total: size(event.total)});
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  // indeterminate while the server imports
      status.textContent = text.processing;
    });
    xhr.addEventListener("load", function () {
      if (xhr.status < 400) {
        window.location.assign(xhr.responseURL);
        return;
      }
      button.disabled = false;
      var type = xhr.getResponseHeader("Content-Type") || "";
      if (type.indexOf("json") >= 0) {  // refused before the page: e.g. over the size limit
        var body = JSON.parse(xhr.responseText);
        status.textContent = body.error ? body.error.message : xhr.statusText;
        status.classList.add("field-error");
        bar.hidden = true;
        return;
      }
      showPage(xhr.responseText);
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      bar.hidden = true;
      status.textContent = text.failed;
      status.classList.add("field-error");
    });
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-upload")) { return; }
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (!file || !window.XMLHttpRequest || !window.FormData) { return; }
    event.preventDefault();
    upload(form, file);
  });

  document.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "grade" || name === "sensitivity" || name === "open_tier") {
      tierHint(event.target.form);
    }
  });
}());
