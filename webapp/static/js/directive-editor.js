// Live preview of a draft letter: re-post the editor's form (unsaved) and show the answer in the
// preview frame. The frame is same-origin, so its body is swapped in place (its stylesheets stay);
// nothing the server sends is run as script. Also fits the A4 sheet to the frame's width, grows
// textareas with their text and runs the unit checklists: a filter box that hides the units that
// do not match (ticked ones stay ticked), "choose / clear the whole group" with an undo, and the
// counts of chosen units.
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

  // Letters without their marks, for a filter that finds "Tân Tiến" from "tan tien".
  function plain(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/\s+/g, " ").trim();
  }

  function unitPicker(picker) {
    var filter = picker.querySelector("[data-picker-filter]");
    var noMatch = picker.querySelector("[data-picker-nomatch]");
    var total = picker.querySelector("[data-picker-total]");
    var undoRow = picker.querySelector("[data-picker-undo-row]");
    var undoButton = picker.querySelector("[data-picker-undo]");
    var groups = Array.prototype.map.call(picker.querySelectorAll("[data-picker-group]"), function (box) {
      var legend = box.querySelector("legend");
      return {
        box: box,
        name: legend.firstChild.textContent.trim(),
        count: box.querySelector("[data-group-count]"),
        all: box.querySelector('[data-pick="all"]'),
        none: box.querySelector('[data-pick="none"]'),
        units: Array.prototype.map.call(box.querySelectorAll("[data-picker-unit]"), function (item) {
          var input = item.querySelector("input");
          return { item: item, box: input, text: plain(item.textContent + " " + input.value) };
        })
      };
    });
    var saved = null;

    function shown(unit) { return !unit.item.hidden; }
    function ticked(unit) { return unit.box.checked; }

    function count(announce) {
      var parts = [];
      var sum = 0;
      groups.forEach(function (group) {
        var chosen = group.units.filter(ticked).length;
        group.count.textContent = "(đã chọn " + chosen + "/" + group.units.length + ")";
        sum += chosen;
        if (chosen) { parts.push(group.name + " " + chosen); }
      });
      if (announce) {
        total.textContent = "Đã chọn " + sum + " đơn vị" + (parts.length ? ": " + parts.join(", ") : "") + ".";
      }
    }

    function label() {
      var filtered = filter.value.trim() !== "";
      groups.forEach(function (group) {
        var visible = group.units.filter(shown).length;
        group.all.textContent = filtered ? "Chọn " + visible + " đơn vị đang hiện" : "Chọn cả nhóm";
        group.none.textContent = filtered ? "Bỏ chọn " + visible + " đơn vị đang hiện" : "Bỏ chọn cả nhóm";
      });
    }

    function applyFilter() {
      var words = plain(filter.value).split(" ").filter(Boolean);
      var any = false;
      groups.forEach(function (group) {
        var visible = 0;
        group.units.forEach(function (unit) {
          var match = words.every(function (word) { return unit.text.indexOf(word) !== -1; });
          unit.item.hidden = !match;
          if (match) { visible += 1; }
        });
        group.box.hidden = visible === 0;
        any = any || visible > 0;
      });
      noMatch.hidden = any;
      label();
    }

    function changed() {
      count(true);
      picker.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function pick(group, state) {
      var targets = group.units.filter(shown).filter(function (unit) { return unit.box.checked !== state; });
      if (!targets.length) { return; }
      targets.forEach(function (unit) { unit.box.checked = state; });
      // The undo gives back exactly the boxes this click changed; later single clicks stay.
      saved = { units: targets, state: !state };
      undoButton.textContent = state
        ? "Hoàn tác: bỏ chọn " + targets.length + " đơn vị vừa chọn"
        : "Hoàn tác: chọn lại " + targets.length + " đơn vị vừa bỏ chọn";
      undoRow.hidden = false;
      changed();
    }

    Array.prototype.forEach.call(picker.querySelectorAll("[data-picker-tools]"), function (tools) {
      tools.hidden = false;
    });
    groups.forEach(function (group) {
      group.all.addEventListener("click", function () { pick(group, true); });
      group.none.addEventListener("click", function () { pick(group, false); });
    });
    undoButton.addEventListener("click", function () {
      if (!saved) { return; }
      saved.units.forEach(function (unit) { unit.box.checked = saved.state; });
      saved = null;
      undoRow.hidden = true;
      changed();
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") { count(true); }
    });
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      // Enter in the filter box must not save the letter.
      if (event.key === "Enter") { event.preventDefault(); }
      if (event.key === "Escape" && filter.value) { filter.value = ""; applyFilter(); }
    });
    count(false);
    label();
  }

  Array.prototype.forEach.call(form.querySelectorAll("textarea"), grow);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { grow(event.target); }
  });
  Array.prototype.forEach.call(form.querySelectorAll("[data-unit-picker]"), unitPicker);

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

  function scheduleEdit(event) {
    // Typing in a checklist's filter box changes nothing the letter says.
    if (!event.target.hasAttribute("data-picker-filter")) { schedule(); }
  }

  form.addEventListener("input", scheduleEdit);
  form.addEventListener("change", scheduleEdit);
})();
