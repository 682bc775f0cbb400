// Progressive enhancement only: a decision refused for its input reopens its dialog with the
// values and errors the server sent back (the page works without this file).
document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.querySelector(".modal[data-open-on-load]");
  if (dialog && window.bootstrap) {
    window.bootstrap.Modal.getOrCreateInstance(dialog).show();
  }
});
