// Progressive enhancement: a box that narrows a long list of colleagues by name (diacritics
// ignored), so that co-authors are picked by typing. Without JavaScript the list works as it is.
(function () {
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  document.querySelectorAll("select[data-name-filter]").forEach((select) => {
    const input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-2";
    input.id = select.id + "_filter";
    input.placeholder = select.getAttribute("data-name-filter");
    input.setAttribute("aria-label", select.getAttribute("data-name-filter"));
    input.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", () => {
      const wanted = fold(input.value.trim());
      Array.from(select.options).forEach((option) => {
        option.hidden = wanted !== "" && !option.selected && !fold(option.text).includes(wanted);
      });
    });
  });
})();
