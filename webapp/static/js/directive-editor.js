// Live preview of a draft letter: re-post the editor's form (unsaved) and show the answer in the
// preview frame. The frame is same-origin, so its body is swapped in place (its stylesheets stay);
// nothing the server sends is run as script. Also fits the A4 sheet to the frame's width, grows
// textareas with their text and names the units chosen in each multi-select.
(function () {
  "use strict";
  var form = document.getElementById("directive-form");
  var frames = document.querySelectorAll("iframe.letter-frame");
  var status = document.getElementById("preview-status");
  var DELAY_MS = 600;

  function fit(frame) {
    var doc = frame.contentDocument;
    if (!doc || !doc.body) { return; }
    doc.documentElement.style.zoom = "";
    var sheet = doc.body.getBoundingClientRect().width + 24;
    var room = frame.clientWidth;
    doc.documentElement.style.zoom = sheet > room ? String(room / sheet) : "";
  }

  Array.prototype.forEach.call(frames, function (frame) {
    frame.addEventListener("load", function () { fit(frame); });
    fit(frame);
  });
  window.addEventListener("resize", function () { Array.prototype.forEach.call(frames, fit); });

  if (!form) { return; }

  function grow(area) {
    area.style.height = "auto";
    area.style.height = Math.min(area.scrollHeight + 4, 480) + "px";
  }

  function showChosen(select) {
    var note = document.querySelector('[data-chosen-for="' + select.id + '"]');
    if (!note) { return; }
    var names = Array.prototype.filter.call(select.options, function (option) {
      return option.selected;
    }).map(function (option) { return option.textContent.trim(); });
    note.textContent = names.length
      ? "Đã chọn " + names.length + ": " + names.join("; ")
      : "Chưa chọn đơn vị nào.";
  }

  Array.prototype.forEach.call(form.querySelectorAll("textarea"), grow);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { grow(event.target); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.classList.contains("unit-select")) { showChosen(event.target); }
  });

  if (!frames.length) { return; }
  var frame = frames[0];
  var timer = null;
  var controller = null;

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function show(html) {
    var doc = frame.contentDocument;
    if (!doc || !doc.body) { return; }
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var scrolled = frame.contentWindow.scrollY;
    doc.body.replaceWith(doc.importNode(fresh.body, true));
    fit(frame);
    frame.contentWindow.scrollTo(0, scrolled);
  }

  function problems(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var items = fresh.querySelectorAll("[data-preview-error]");
    return Array.prototype.map.call(items, function (item) { return item.textContent; }).join(" ");
  }

  function refresh() {
    if (controller) { controller.abort(); }
    controller = new AbortController();
    say("Đang cập nhật bản xem trước…");
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: controller.signal
    })
      .then(function (response) {
        return response.text().then(function (html) { return { ok: response.ok, html: html }; });
      })
      .then(function (answer) {
        if (answer.ok) {
          show(answer.html);
          say("Bản xem trước đã cập nhật (chưa lưu).");
        } else {
          say("Chưa cập nhật được bản xem trước: " + (problems(answer.html) || "lỗi máy chủ."));
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { say("Không kết nối được máy chủ để xem trước."); }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
