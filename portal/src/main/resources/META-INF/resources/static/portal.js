// The portal's only script besides htmx: "Copy" buttons next to command lines and secrets.
// Loaded from the portal itself (the content security policy forbids inline scripts).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(() => {
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 1500);
  });
});

// A form sent back with errors: put the keyboard on the first field to fix, so screen readers
// read its message (the field's aria-describedby) at once.
document.addEventListener("DOMContentLoaded", () => {
  const invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) invalid.focus();
});
