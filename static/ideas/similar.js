// Progressive enhancement: while an author types the title or the problem, the ideas most like it
// (across all units and phases, among those the author may see) appear under the title.
(function () {
  const box = document.getElementById("similar-ideas");
  const title = document.getElementById("id_title");
  const problem = document.getElementById("id_problem");
  if (!box || !title) return;
  const anchor = document.getElementById("div_id_title") || title;
  anchor.insertAdjacentElement("afterend", box);
  box.hidden = false;
  let timer = null;
  let asked = "";
  const look = () => {
    const params = new URLSearchParams({ title: title.value, problem: problem ? problem.value : "" });
    if (box.dataset.exclude) params.set("exclude", box.dataset.exclude);
    const query = params.toString();
    if (query === asked) return;
    asked = query;
    fetch(box.dataset.url + "?" + query, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => { if (asked === query) box.innerHTML = html; })
      .catch(() => {});
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(look, 350); };
  title.addEventListener("input", later);
  if (problem) problem.addEventListener("input", later);
  if (title.value) look();
})();
