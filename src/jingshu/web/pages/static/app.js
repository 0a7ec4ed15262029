// jingshu portal: small progressive enhancements; every page works without JavaScript.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(() => {
    const label = button.textContent;
    button.textContent = button.dataset.copied || label;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});

// Dataset page: its sections become tabs (the hash names the open one; a hash that is no
// tab, such as #access in the side column, keeps the default tab); a sort select submits
// its form when changed.
(() => {
  const tabs = document.querySelector(".ds-tabs");
  if (!tabs) return;
  const links = [...tabs.querySelectorAll("a[data-tab]")];
  const names = links.map((a) => a.dataset.tab);
  const show = (name) => {
    if (!names.includes(name)) name = tabs.dataset.open || names[0];
    for (const a of links) {
      const on = a.dataset.tab === name;
      a.setAttribute("aria-current", on ? "true" : "false");
      const section = document.getElementById(a.dataset.tab);
      if (section) section.hidden = !on;
    }
  };
  document.body.classList.add("js-tabs");
  show(location.hash.slice(1));
  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
})();

document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
