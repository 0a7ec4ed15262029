// jingshu annotation workspace: fetch an item, label it by mouse or keyboard, submit or skip.
// Talks to the JSON API (/api/v1/projects/NAME/next|answers|skip) with the session's CSRF token.
// With data-preview (the project form's preview) it shows that sample item and stores nothing;
// the form sends an "ann-preview" event after changing data-schema or data-preview.
// Kinds registered in window.jingshuAnnotateKinds (annotate_media.js: polygons, image–text
// match, transcription, audio segments) draw, answer and take keys themselves.
"use strict";

(() => {
  const root = document.getElementById("ann-workspace");
  if (!root) return;
  const project = root.dataset.project;
  const csrf = root.dataset.csrf;
  const preview = root.dataset.preview !== undefined;
  let schema = JSON.parse(root.dataset.schema);
  const strings = Object.assign(JSON.parse(document.getElementById("ann-strings").textContent),
                                JSON.parse(document.getElementById("ann-media-strings")?.textContent || "{}"));
  const $ = (id) => document.getElementById(id);
  const api = `/api/v1/projects/${encodeURIComponent(project)}`;
  let labels = schema.labels || [];
  let lease = null;
  let started = 0;
  let answered = 0;
  let chosen = [];        // labels picked (single, multi, relation, image_class, rating)
  let spans = [];         // {start, end, label}
  let boxes = [];         // {x, y, w, h, label}
  let caret = 0;
  let anchor = null;      // keyboard selection anchor
  let boxLabel = labels[0];
  let selectedBox = null; // index into boxes: labels and Delete apply to it
  const kinds = window.jingshuAnnotateKinds || {};
  const custom = () => kinds[schema.kind];
  // what a registered kind may use of the workspace
  const ctx = {
    get lease() { return lease; }, get schema() { return schema; }, get labels() { return labels; },
    strings, $, say: (...a) => say(...a), button: (...a) => button(...a), render: () => render(),
    submit: () => submit(),
    mediaUrl: (v) => (/^[0-9a-f]{64}$/.test(String(v)) && !preview
      ? `${api}/media/${v}` : String(v ?? "")),
  };

  const say = (text, isError) => {
    $("ann-message").textContent = text || "";
    $("ann-message").classList.toggle("error", Boolean(isError));
  };

  async function call(path, body) {
    if (preview) {
      return path === "/next"
        ? {lease_id: 0, row_key: strings.preview_key, data: JSON.parse(root.dataset.preview)}
        : null;
    }
    const response = await fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
    return data;
  }

  const text = () => (lease ? String(lease.data[schema.field] ?? "") : "");

  function renderText() {
    const box = document.createElement("div");
    box.id = "ann-text";
    box.className = "ann-text";
    box.tabIndex = 0;
    box.setAttribute("aria-label", schema.field);
    const value = text();
    const sel = selection();
    for (let i = 0; i < value.length; i++) {
      const ch = document.createElement("span");
      ch.dataset.i = String(i);
      ch.textContent = value[i];
      const marked = spans.find((s) => s.start <= i && i < s.end);
      if (marked) { ch.classList.add("ann-marked"); ch.title = marked.label; }
      if (sel && sel.start <= i && i < sel.end) ch.classList.add("ann-selected");
      if (i === caret && schema.kind === "spans") ch.classList.add("ann-caret");
      box.appendChild(ch);
    }
    return box;
  }

  function selection() {
    if (anchor === null || anchor === caret) return null;
    return {start: Math.min(anchor, caret), end: Math.max(anchor, caret)};
  }

  function mouseSelection() {
    const s = window.getSelection();
    if (!s || s.isCollapsed) return null;
    const node = (n) => (n.nodeType === 3 ? n.parentElement : n).closest("[data-i]");
    const a = node(s.anchorNode), b = node(s.focusNode);
    if (!a || !b) return null;
    const i = Number(a.dataset.i), j = Number(b.dataset.i);
    const startsFirst = i < j || (i === j && s.anchorOffset <= s.focusOffset);
    return startsFirst ? {start: i, end: j + 1} : {start: j, end: i + 1};
  }

  function button(label, index, pressed, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button ann-label" + (pressed ? " pressed" : "");
    b.setAttribute("aria-pressed", pressed ? "true" : "false");
    b.dataset.label = label;
    b.innerHTML = `<kbd>${index + 1}</kbd> `;
    b.appendChild(document.createTextNode(label));
    b.addEventListener("click", onClick);
    return b;
  }

  function render() {
    const item = $("ann-item"), controls = $("ann-controls"), list = $("ann-spans");
    item.replaceChildren();
    controls.replaceChildren();
    list.replaceChildren();
    if (!lease) return;
    $("ann-key").textContent = lease.row_key;
    if (custom()) { custom().render(ctx, item, controls, list); return; }
    const kind = schema.kind;
    if (kind === "image_class" || kind === "boxes") {
      const wrap = document.createElement("div");
      wrap.className = "ann-image";
      const img = document.createElement("img");
      img.src = ctx.mediaUrl(lease.data[schema.field]);
      img.alt = lease.row_key;
      img.draggable = false;
      wrap.appendChild(img);
      if (kind === "boxes") drawBoxes(wrap);
      item.appendChild(wrap);
    } else if (kind === "relation" || (kind === "rating" && schema.second_field)) {
      for (const field of [schema.field, schema.second_field]) {
        const p = document.createElement("p");
        p.className = "ann-pair";
        p.textContent = String(lease.data[field] ?? "");
        item.appendChild(p);
      }
    } else {
      item.appendChild(renderText());
    }
    if (kind === "text") {
      const area = document.createElement("textarea");
      area.id = "ann-free";
      area.rows = 4;
      area.setAttribute("aria-label", strings.mine);
      controls.appendChild(area);
    } else if (kind === "rating") {
      const values = [];
      for (let v = schema.min; v <= schema.max + 1e-9; v += schema.step) values.push(v);
      values.forEach((v, i) => controls.appendChild(
        button(String(v), i, chosen[0] === v, () => { chosen = [v]; render(); })));
    } else {
      labels.forEach((label, i) => controls.appendChild(button(label, i,
        kind === "boxes" ? boxLabel === label : chosen.includes(label), () => pick(i))));
    }
    for (const [i, s] of (kind === "boxes" ? boxes : spans).entries()) {
      const li = document.createElement("li");
      li.textContent = kind === "boxes"
        ? `${s.label}: ${s.x.toFixed(0)},${s.y.toFixed(0)} ${s.w.toFixed(0)}×${s.h.toFixed(0)}`
        : `${s.label}: ${text().slice(s.start, s.end)} [${s.start}, ${s.end})`;
      const rm = document.createElement("button");
      rm.type = "button";
      rm.className = "link-button";
      rm.textContent = strings.remove;
      rm.addEventListener("click", () => {
        if (kind === "boxes") removeBox(i); else { spans.splice(i, 1); render(); }
      });
      li.append(" ", rm);
      if (kind === "boxes") {
        li.classList.toggle("ann-current", i === selectedBox);
        li.addEventListener("click", (e) => { if (e.target !== rm) { selectedBox = i; render(); } });
      }
      list.appendChild(li);
    }
  }

  function drawBoxes(wrap) {
    for (const [i, b] of boxes.entries()) {
      const div = document.createElement("div");
      div.className = "ann-box" + (i === selectedBox ? " selected" : "");
      Object.assign(div.style, {left: b.x + "%", top: b.y + "%", width: b.w + "%", height: b.h + "%"});
      div.title = b.label;
      div.dataset.label = b.label;
      wrap.appendChild(div);
    }
    let start = null;
    const pct = (e) => {
      const r = wrap.getBoundingClientRect();
      return [Math.min(100, Math.max(0, 100 * (e.clientX - r.left) / r.width)),
              Math.min(100, Math.max(0, 100 * (e.clientY - r.top) / r.height))];
    };
    wrap.addEventListener("mousedown", (e) => { start = pct(e); e.preventDefault(); });
    wrap.addEventListener("mouseup", (e) => {
      if (!start) return;
      const [x2, y2] = pct(e);
      const b = {x: Math.min(start[0], x2), y: Math.min(start[1], y2),
                 w: Math.abs(x2 - start[0]), h: Math.abs(y2 - start[1]), label: boxLabel};
      start = null;
      if (b.w > 0.5 && b.h > 0.5) { boxes.push(b); selectedBox = boxes.length - 1; render(); }
    });
  }

  function removeBox(index) {
    if (index === null || !boxes[index]) return;
    boxes.splice(index, 1);
    selectedBox = boxes.length ? Math.min(index, boxes.length - 1) : null;
    render();
  }

  function pick(index) {
    const label = labels[index];
    if (label === undefined) return;
    const kind = schema.kind;
    if (kind === "spans") {
      const sel = mouseSelection() || selection();
      if (!sel) { say(strings.select_first, true); return; }
      spans.push({start: sel.start, end: sel.end, label});
      spans.sort((a, b) => a.start - b.start || a.end - b.end);
      anchor = null;
      window.getSelection().removeAllRanges();
      say("");
    } else if (kind === "boxes") {
      boxLabel = label;
      if (selectedBox !== null && boxes[selectedBox]) boxes[selectedBox].label = label;
    } else if (kind === "multi") {
      chosen = chosen.includes(label) ? chosen.filter((l) => l !== label) : [...chosen, label];
    } else {
      chosen = [label];
    }
    render();
  }

  function value() {
    if (custom()) return custom().value(ctx);
    switch (schema.kind) {
      case "multi": return chosen;
      case "spans": return spans;
      case "boxes": return boxes.map((b) => ({...b, x: +b.x.toFixed(2), y: +b.y.toFixed(2),
        w: +Math.min(b.w, 100 - b.x).toFixed(2), h: +Math.min(b.h, 100 - b.y).toFixed(2)}));
      case "text": return $("ann-free").value;
      default: return chosen[0] ?? null;
    }
  }

  async function next() {
    try {
      lease = await call("/next");
    } catch (err) {
      say(strings.paused + err.message, true);
      $("ann-submit").disabled = $("ann-skip").disabled = true;
      return;
    }
    chosen = []; spans = []; boxes = []; selectedBox = null; caret = 0; anchor = null;
    if (custom()) custom().reset(ctx);
    started = Date.now();
    $("ann-done").hidden = lease !== null;
    root.hidden = lease === null;
    render();
    const focus = $("ann-free") || $("ann-text") || root.querySelector("[data-focus]");
    if (focus && !preview) focus.focus();
  }

  async function submit() {
    if (!lease) return;
    if (custom() && custom().beforeSubmit && !custom().beforeSubmit(ctx)) return;
    if (preview) { say(strings.preview_answer.replace("{v}", JSON.stringify(value()))); return; }
    try {
      await call("/answers", {lease_id: lease.lease_id, value: value(),
                              seconds: (Date.now() - started) / 1000});
    } catch (err) { say(err.message, true); return; }
    answered += 1;
    $("ann-progress").textContent = strings.answered.replace("{n}", answered);
    say("");
    await next();
  }

  async function skip(reason) {
    try { await call("/skip", {lease_id: lease.lease_id, reason}); }
    catch (err) { say(err.message, true); return; }
    $("ann-skip-form").hidden = true;
    say("");
    await next();
  }

  $("ann-submit").addEventListener("click", submit);
  $("ann-skip").addEventListener("click", () => {
    $("ann-skip-form").hidden = false;
    $("ann-skip-reason").focus();
  });
  $("ann-skip-form").addEventListener("submit", (e) => {
    e.preventDefault();
    skip($("ann-skip-reason").value);
  });

  document.addEventListener("keydown", (e) => {
    if (!lease || (preview && !root.contains(e.target) && e.target !== document.body)) return;
    if (custom() && custom().key(ctx, e)) { e.preventDefault(); return; }
    const typing = e.target.matches("input, textarea, select");
    if (typing) {
      if (e.key === "Enter" && e.ctrlKey && e.target.id === "ann-free") { e.preventDefault(); submit(); }
      if (e.key === "Escape") { $("ann-skip-form").hidden = true; e.target.blur(); }
      return;
    }
    if (/^[1-9]$/.test(e.key)) {
      e.preventDefault();
      if (schema.kind === "rating") {
        const v = schema.min + (Number(e.key) - 1) * schema.step;
        if (v <= schema.max) { chosen = [v]; render(); }
      } else pick(Number(e.key) - 1);
    } else if (e.key === "Enter") { e.preventDefault(); submit(); }
    else if (e.key === "s" || e.key === "S") { e.preventDefault(); $("ann-skip").click(); }
    else if (e.key === "Escape") { anchor = null; window.getSelection().removeAllRanges(); render(); }
    else if (schema.kind === "spans" && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
      e.preventDefault();
      if (e.shiftKey && anchor === null) anchor = caret;
      if (!e.shiftKey) anchor = null;
      caret = Math.max(0, Math.min(text().length, caret + (e.key === "ArrowLeft" ? -1 : 1)));
      render();
      $("ann-text").focus();
    } else if (e.key === "Backspace" && schema.kind === "spans" && spans.length) {
      e.preventDefault(); spans.pop(); render();
    } else if ((e.key === "Delete" || e.key === "Backspace") && schema.kind === "boxes") {
      e.preventDefault(); removeBox(selectedBox);
    }
  });

  root.addEventListener("ann-preview", () => {
    schema = JSON.parse(root.dataset.schema);
    labels = schema.labels || [];
    boxLabel = labels[0];
    say("");
    next();
  });
  next();
})();
