// jingshu annotation workspace, media kinds: polygons on images, image–text match, audio
// transcription and audio segments. Each kind is {reset, render, value, key[, beforeSubmit]}
// and is used by annotate.js (loaded after this file) through window.jingshuAnnotateKinds;
// ctx gives the lease, schema, labels, strings, say(), button(), render(), submit(), mediaUrl().
// Answers are checked again on the server (jingshu.annotate.schema).
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const svg = (tag, attrs) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const digit = (e) => (/^[1-9]$/.test(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey
    ? Number(e.key) - 1 : null);
  const typing = (e) => e.target.matches("input, textarea, select");
  const fmt = (t) => (Math.round(t * 10) / 10).toFixed(1);

  function removeButton(ctx, onClick) {
    const rm = el("button", {type: "button", className: "link-button", textContent: ctx.strings.remove});
    rm.addEventListener("click", (e) => { e.stopPropagation(); onClick(); });
    return rm;
  }

  function labelButtons(ctx, controls, current, onPick) {
    ctx.labels.forEach((label, i) => controls.appendChild(
      ctx.button(label, i, current === label, () => onPick(i))));
  }

  function image(ctx, field) {
    const wrap = el("div", {className: "ann-image"});
    const img = el("img", {src: ctx.mediaUrl(ctx.lease.data[field]), alt: ctx.lease.row_key,
                           draggable: false});
    wrap.appendChild(img);
    return wrap;
  }

  // ---- polygons: click vertices, Enter or double-click closes, Backspace removes the last;
  // without a mouse: with the image focused, arrows move a cross (Shift: further), Space adds
  const polygons = {
    reset() {
      this.done = []; this.open = []; this.label = null; this.selected = null; this.cursor = [0.5, 0.5];
    },
    render(ctx, item, controls, list) {
      if (this.label === null || !ctx.labels.includes(this.label)) this.label = ctx.labels[0];
      const focused = document.activeElement?.classList.contains("ann-poly");
      const wrap = image(ctx, ctx.schema.field);
      wrap.classList.add("ann-poly");
      wrap.tabIndex = 0;
      wrap.dataset.focus = "";
      wrap.setAttribute("aria-label", ctx.strings.poly_help);
      this.overlay = svg("svg", {viewBox: "0 0 1 1", preserveAspectRatio: "none",
                                 class: "ann-poly-layer"});
      wrap.appendChild(this.overlay);
      const at = (e) => {
        const r = wrap.getBoundingClientRect();
        const clamp = (v) => Math.min(1, Math.max(0, v));
        return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
      };
      wrap.addEventListener("click", (e) => {
        const p = at(e);
        const last = this.open[this.open.length - 1];
        if (last && Math.hypot(last[0] - p[0], last[1] - p[1]) < 0.005) return; // a double click
        this.open.push(p);
        this.draw(ctx);
      });
      wrap.addEventListener("dblclick", (e) => { e.preventDefault(); this.close(ctx); });
      item.appendChild(wrap);
      if (focused) wrap.focus();
      labelButtons(ctx, controls, this.label, (i) => this.pick(ctx, i));
      this.list = list;
      this.draw(ctx);
    },
    draw(ctx) {
      const layer = this.overlay;
      layer.replaceChildren();
      const pts = (points) => points.map(([x, y]) => `${x},${y}`).join(" ");
      this.done.forEach((p, i) => {
        const shape = svg("polygon", {points: pts(p.points), class: "ann-poly-shape" +
                                      (i === this.selected ? " selected" : "")});
        shape.appendChild(svg("title", {})).textContent = p.label;
        shape.dataset.label = p.label;
        layer.appendChild(shape);
      });
      if (this.keyboard) {
        const [x, y] = this.cursor;
        layer.appendChild(svg("path", {d: `M${x - 0.03},${y}H${x + 0.03}M${x},${y - 0.03}V${y + 0.03}`,
                                       class: "ann-poly-cursor"}));
      }
      if (this.open.length) {
        layer.appendChild(svg("polyline", {points: pts(this.open), class: "ann-poly-open"}));
        for (const [x, y] of this.open) {
          layer.appendChild(svg("circle", {cx: x, cy: y, r: 0.008, class: "ann-poly-vertex"}));
        }
      }
      this.list.replaceChildren();
      this.done.forEach((p, i) => {
        const li = el("li", {textContent: `${p.label}: ${ctx.strings.points.replace("{n}", p.points.length)} `});
        li.classList.toggle("ann-current", i === this.selected);
        li.appendChild(removeButton(ctx, () => this.remove(ctx, i)));
        li.addEventListener("click", () => { this.selected = i; this.draw(ctx); });
        this.list.appendChild(li);
      });
      if (this.open.length) {
        this.list.appendChild(el("li", {className: "muted ann-poly-drawing",
          textContent: ctx.strings.drawing.replace("{n}", this.open.length)}));
      }
    },
    close(ctx) {
      if (this.open.length < 3) { ctx.say(ctx.strings.need_points, true); return; }
      this.done.push({points: this.open, label: this.label});
      this.open = [];
      this.selected = this.done.length - 1;
      ctx.say("");
      this.draw(ctx);
    },
    remove(ctx, i) {
      if (i === null || !this.done[i]) return;
      this.done.splice(i, 1);
      this.selected = this.done.length ? Math.min(i, this.done.length - 1) : null;
      this.draw(ctx);
    },
    pick(ctx, i) {
      if (ctx.labels[i] === undefined) return;
      this.label = ctx.labels[i];
      if (this.selected !== null && this.done[this.selected]) this.done[this.selected].label = this.label;
      ctx.render();
    },
    value() {
      const r = (v) => Math.round(v * 1e6) / 1e6;
      return this.done.map((p) => ({points: p.points.map(([x, y]) => [r(x), r(y)]), label: p.label}));
    },
    beforeSubmit(ctx) {
      if (!this.open.length) return true;
      ctx.say(ctx.strings.unfinished, true);
      return false;
    },
    key(ctx, e) {
      if (typing(e)) return false;
      const d = digit(e);
      if (d !== null) { this.pick(ctx, d); return true; }
      const moves = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]};
      if (e.target.classList && e.target.classList.contains("ann-poly")) {
        if (moves[e.key]) {
          const step = e.shiftKey ? 0.05 : 0.01;
          const clamp = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
          this.cursor = [clamp(this.cursor[0] + moves[e.key][0] * step),
                         clamp(this.cursor[1] + moves[e.key][1] * step)];
          this.keyboard = true;
          this.draw(ctx);
          return true;
        }
        if (e.key === " ") { this.keyboard = true; this.open.push([...this.cursor]); this.draw(ctx); return true; }
      }
      if (e.key === "Enter" && this.open.length) { this.close(ctx); return true; }
      if (e.key === "Backspace" && this.open.length) { this.open.pop(); this.draw(ctx); return true; }
      if (e.key === "Escape" && this.open.length) { this.open = []; this.draw(ctx); return true; }
      if (e.key === "Delete" || e.key === "Backspace") { this.remove(ctx, this.selected); return true; }
      return false;
    },
  };

  // ---- image–text match: an image, its caption, one label or number by digit key
  const imageText = {
    reset() { this.chosen = null; },
    scale(ctx) {
      const s = ctx.schema;
      if (s.labels && s.labels.length) return s.labels;
      const out = [];
      for (let v = s.min; v <= s.max + 1e-9; v += s.step) out.push(Math.round(v * 1e6) / 1e6);
      return out;
    },
    render(ctx, item, controls) {
      const wrap = image(ctx, ctx.schema.field);
      wrap.classList.add("ann-image-text");
      item.appendChild(wrap);
      item.appendChild(el("p", {className: "ann-pair ann-caption",
                                textContent: String(ctx.lease.data[ctx.schema.second_field] ?? "")}));
      this.scale(ctx).forEach((v, i) => controls.appendChild(
        ctx.button(String(v), i, this.chosen === v, () => { this.chosen = v; ctx.render(); })));
    },
    value() { return this.chosen; },
    key(ctx, e) {
      if (typing(e)) return false;
      const d = digit(e);
      if (d === null) return false;
      const v = this.scale(ctx)[d];
      if (v !== undefined) { this.chosen = v; ctx.render(); }
      return true;
    },
  };

  // ---- audio: one player per item, kept across renders; Space plays, arrows seek
  function player(ctx, state) {
    if (!state.audio) {
      state.audio = el("audio", {controls: true, preload: "auto", className: "ann-audio",
                                 src: ctx.mediaUrl(ctx.lease.data[ctx.schema.field])});
      state.audio.setAttribute("aria-label", ctx.strings.player);
    }
    return state.audio;
  }
  function audioKey(state, e) {
    const a = state.audio;
    if (!a) return false;
    if (e.key === " ") { if (a.paused) a.play().catch(() => {}); else a.pause(); return true; }
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      const step = (e.shiftKey ? 5 : 1) * (e.key === "ArrowLeft" ? -1 : 1);
      const end = Number.isFinite(a.duration) ? a.duration : state.length || Infinity;
      a.currentTime = Math.max(0, Math.min(end, a.currentTime + step));
      return true;
    }
    return false;
  }

  const transcription = {
    reset() { this.audio = null; this.text = ""; },
    render(ctx, item, controls) {
      item.appendChild(player(ctx, this));
      const area = el("textarea", {id: "ann-transcript", rows: 3, value: this.text});
      area.setAttribute("aria-label", ctx.strings.transcript);
      area.dataset.focus = "";
      area.addEventListener("input", () => { this.text = area.value; });
      controls.appendChild(area);
    },
    value() { return this.text; },
    key(ctx, e) {
      if (e.target.id === "ann-transcript") {
        if (e.key === " " && e.ctrlKey) return audioKey(this, e);
        if (e.key === "Enter" && e.ctrlKey) { ctx.submit(); return true; }
        return false;
      }
      if (typing(e)) return false;
      return audioKey(this, e);
    },
  };

  // ---- audio segments: [ marks the start, ] the end at the playhead; drag on the timeline
  const segments = {
    reset() { this.audio = null; this.segs = []; this.start = null; this.label = null; this.selected = null; },
    render(ctx, item, controls, list) {
      if (this.label === null || !ctx.labels.includes(this.label)) this.label = ctx.labels[0];
      this.length = Number(ctx.lease.data[ctx.schema.duration_field]) || 0;
      const audio = player(ctx, this);
      const bar = el("div", {className: "ann-timeline", tabIndex: 0});
      bar.dataset.focus = "";
      bar.setAttribute("aria-label", ctx.strings.timeline);
      const head = el("div", {className: "ann-playhead"});
      const pct = (t) => `${(100 * t) / (this.length || 1)}%`;
      this.segs.forEach((s, i) => {
        const div = el("div", {className: "ann-seg" + (i === this.selected ? " selected" : ""), title: s.label});
        Object.assign(div.style, {left: pct(s.start), width: pct(s.end - s.start)});
        div.dataset.label = s.label;
        bar.appendChild(div);
      });
      if (this.start !== null) bar.appendChild(Object.assign(el("div", {className: "ann-seg-start"}),
                                                             {style: `left:${pct(this.start)}`}));
      bar.appendChild(head);
      const time = el("span", {className: "ann-time muted"});
      const tick = () => {
        head.style.left = pct(audio.currentTime);
        time.textContent = `${fmt(audio.currentTime)} / ${fmt(this.length)} s`;
      };
      audio.ontimeupdate = tick;
      audio.onseeked = tick;
      tick();
      const at = (e) => {
        const r = bar.getBoundingClientRect();
        return Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)) * this.length;
      };
      let down = null;
      bar.addEventListener("mousedown", (e) => { down = at(e); e.preventDefault(); });
      bar.addEventListener("mouseup", (e) => {
        if (down === null) return;
        const t = at(e);
        if (Math.abs(t - down) >= 0.05) this.add(ctx, Math.min(down, t), Math.max(down, t));
        else { audio.currentTime = t; tick(); }
        down = null;
      });
      item.append(audio, bar, time);
      labelButtons(ctx, controls, this.label, (i) => this.pick(ctx, i));
      this.segs.forEach((s, i) => {
        const li = el("li", {textContent: `${s.label}: ${fmt(s.start)}–${fmt(s.end)} s `});
        li.classList.toggle("ann-current", i === this.selected);
        li.appendChild(removeButton(ctx, () => this.remove(ctx, i)));
        li.addEventListener("click", () => { this.selected = i; ctx.render(); });
        list.appendChild(li);
      });
    },
    add(ctx, start, end) {
      const r = (v) => Math.round(Math.min(v, this.length) * 1000) / 1000;
      if (r(end) <= r(start)) { ctx.say(ctx.strings.segment_empty, true); return; }
      this.segs.push({start: r(start), end: r(end), label: this.label});
      this.segs.sort((a, b) => a.start - b.start || a.end - b.end);
      this.selected = this.segs.findIndex((s) => s.start === r(start) && s.end === r(end));
      ctx.say("");
      ctx.render();
    },
    remove(ctx, i) {
      if (i === null || !this.segs[i]) return;
      this.segs.splice(i, 1);
      this.selected = this.segs.length ? Math.min(i, this.segs.length - 1) : null;
      ctx.render();
    },
    pick(ctx, i) {
      if (ctx.labels[i] === undefined) return;
      this.label = ctx.labels[i];
      if (this.selected !== null && this.segs[this.selected]) this.segs[this.selected].label = this.label;
      ctx.render();
    },
    value() { return this.segs.map((s) => ({start: s.start, end: s.end, label: s.label})); },
    key(ctx, e) {
      if (typing(e)) return false;
      const d = digit(e);
      if (d !== null) { this.pick(ctx, d); return true; }
      if (audioKey(this, e)) return true;
      const now = this.audio ? this.audio.currentTime : 0;
      if (e.key === "[") { this.start = now; ctx.say(ctx.strings.segment_from.replace("{t}", fmt(now))); ctx.render(); return true; }
      if (e.key === "]") {
        if (this.start === null) { ctx.say(ctx.strings.segment_start_first, true); return true; }
        const start = this.start;
        this.start = null;
        this.add(ctx, Math.min(start, now), Math.max(start, now));
        return true;
      }
      if (e.key === "Delete" || e.key === "Backspace") { this.remove(ctx, this.selected); return true; }
      return false;
    },
  };

  window.jingshuAnnotateKinds = {polygons, image_text: imageText, transcription,
                                 audio_segments: segments};
})();
