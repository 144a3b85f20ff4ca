// Radios that reveal a further question, as GOV.UK Frontend's radios do, without putting
// aria-expanded on the radio inputs: ARIA does not allow it on a radio (axe: aria-allowed-attr,
// govuk-frontend issue 979). Each input names what it reveals with data-reveal="<id>"; it gets
// aria-controls, and the revealed block is hidden while the input is not chosen. Without
// JavaScript every further question stays visible.
for (const group of document.querySelectorAll('[data-module="carewatch-reveal"]')) {
  const inputs = [...group.querySelectorAll("input[data-reveal]")];
  const sync = () => {
    for (const input of inputs) {
      const target = document.getElementById(input.dataset.reveal);
      if (target) {
        target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
      }
    }
  };
  for (const input of inputs) {
    input.setAttribute("aria-controls", input.dataset.reveal);
  }
  group.addEventListener("change", sync);
  sync();
}
