// Progressive enhancement only: every page works without this file.
// Forms marked data-confirm ask before an irreversible action when no dialog is used.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// A form whose submit button was pressed once cannot be sent again (double clicks).
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  const form = event.target;
  window.setTimeout(() => {
    form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
  }, 0);
});
