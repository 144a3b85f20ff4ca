// Copy buttons, as progressive enhancement: <button type="button" data-copy="ID" hidden> copies the text of
// the element with that ID and says so in the element "ID-status" (a role="status" live region). Without
// JavaScript or a clipboard the button stays hidden and the text stays there to select and copy.
// A file of its own, loaded as a module: the Content-Security-Policy allows no inline script.

function select(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

if (navigator.clipboard && window.isSecureContext) {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    const status = document.getElementById(`${button.dataset.copy}-status`);
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (status) status.textContent = "Link copied";
      } catch {
        select(source);
        if (status) status.textContent = "The link could not be copied. It is selected: copy it yourself.";
      }
    });
  }
}
