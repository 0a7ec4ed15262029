// jingshu project form (/projects/new): show the schema fields of the chosen kind, and keep
// the annotator-page preview (annotate.js in preview mode) in step with the form.
"use strict";

(() => {
  const form = document.getElementById("project-form");
  const root = document.getElementById("ann-workspace");
  if (!form || !root) return;
  const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
  const CHOICE_KINDS = ["single", "multi", "spans", "relation", "image_class", "boxes",
                        "polygons", "audio_segments"];
  const IMAGE_KINDS = ["image_class", "boxes", "polygons"];
  const AUDIO_KINDS = ["transcription", "audio_segments"];
  const CAPTION = "一只黑白相间的猫趴在窗台上。";
  const SAMPLE_TEXT = "张三昨天在北京大学参加了人工智能大会，并在会上发言。";
  const PAIRS = {relation: ["今天北京下雨了。", "北京今天天气晴朗。"],
                 rating: ["什么是数据要素？", "数据要素是参与生产经营、带来经济效益的数据资源。"]};
  const IMAGE = "data:image/svg+xml," + encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' width='320' height='200'>" +
    "<rect width='320' height='200' fill='#dde4ee'/><circle cx='90' cy='90' r='40' fill='#8aa4c8'/>" +
    "<rect x='170' y='60' width='110' height='110' fill='#b6c8a4'/></svg>");

  // one second of silence as a WAV data URI: a sample clip for the audio kinds' preview
  function silence(seconds) {
    const rate = 8000, n = rate * seconds, buffer = new ArrayBuffer(44 + n), v = new DataView(buffer);
    const text = (at, s) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
    text(0, "RIFF"); v.setUint32(4, 36 + n, true); text(8, "WAVEfmt ");
    v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
    v.setUint32(24, rate, true); v.setUint32(28, rate, true); v.setUint16(32, 1, true);
    v.setUint16(34, 8, true); text(36, "data"); v.setUint32(40, n, true);
    new Uint8Array(buffer, 44).fill(128);
    let binary = "";
    new Uint8Array(buffer).forEach((b) => { binary += String.fromCharCode(b); });
    return "data:audio/wav;base64," + btoa(binary);
  }
  const AUDIO = silence(1);

  function labels() {
    return value("labels").split(/[\n,，、]/).map((s) => s.trim()).filter(Boolean);
  }

  function schemaOf() {
    const kind = value("kind");
    const schema = {kind, field: value("field") || "text"};
    if (CHOICE_KINDS.includes(kind) || (kind === "image_text" && labels().length)) {
      schema.labels = labels();
    }
    if (kind === "relation" || (kind === "rating" && value("second_field"))) {
      schema.second_field = value("second_field") || "text_b";
    }
    if (kind === "image_text") schema.second_field = value("second_field") || "caption";
    if (kind === "audio_segments") schema.duration_field = value("duration_field") || "duration_s";
    if (kind === "rating" || (kind === "image_text" && !schema.labels)) {
      schema.min = Number(value("min")) || 1;
      schema.max = Number(value("max")) || 5;
      schema.step = Number(value("step")) || 1;
    }
    return schema;
  }

  function sample(schema) {
    if (IMAGE_KINDS.includes(schema.kind)) return {[schema.field]: IMAGE};
    if (schema.kind === "image_text") return {[schema.field]: IMAGE, [schema.second_field]: CAPTION};
    if (AUDIO_KINDS.includes(schema.kind)) {
      return {[schema.field]: AUDIO, [schema.duration_field || "duration_s"]: 1};
    }
    if (schema.second_field) {
      const [a, b] = PAIRS[schema.kind] || PAIRS.relation;
      return {[schema.field]: a, [schema.second_field]: b};
    }
    return {[schema.field]: SAMPLE_TEXT};
  }

  function update() {
    const kind = value("kind");
    for (const row of form.querySelectorAll("[data-kinds]")) {
      row.hidden = !row.dataset.kinds.split(" ").includes(kind);
    }
    const schema = schemaOf();
    if (schema.labels && !schema.labels.length) schema.labels = ["—"];
    document.getElementById("preview-instructions").textContent = value("instructions");
    const [schemaJson, previewJson] = [JSON.stringify(schema), JSON.stringify(sample(schema))];
    // a "change" that changed nothing (a field losing focus) keeps what the preview holds
    if (root.dataset.schema === schemaJson && root.dataset.preview === previewJson) return;
    root.dataset.schema = schemaJson;
    root.dataset.preview = previewJson;
    root.dispatchEvent(new Event("ann-preview"));
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
