// "Choose all on this page", as progressive enhancement: <button type="button" data-choose-all="NAME" hidden>
// ticks every checkbox named NAME on the page, or clears them all when every one is ticked already, and
// keeps its own words in step ("Choose all on this page" / "Clear all on this page"). Without JavaScript
// the button stays hidden and each box is ticked by itself. A module file: the CSP allows no inline script.

for (const button of document.querySelectorAll("button[data-choose-all]")) {
  const boxes = [...document.querySelectorAll(`input[type=checkbox][name="${button.dataset.chooseAll}"]`)];
  if (!boxes.length) continue;
  const label = () => {
    button.textContent = boxes.every((box) => box.checked) ? "Clear all on this page" : "Choose all on this page";
  };
  button.hidden = false;
  label();
  button.addEventListener("click", () => {
    const tick = !boxes.every((box) => box.checked);
    for (const box of boxes) box.checked = tick;
    label();
  });
  for (const box of boxes) box.addEventListener("change", label);
}
