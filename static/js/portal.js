// While a form's request runs, its submit button says so and cannot be pressed
// twice; the page still works without this script.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (!button || event.defaultPrevented || event.target.method.toLowerCase() !== "post") {
    return;
  }
  // Disabled in the next task, so that the button's own name and value are sent.
  setTimeout(() => {
    button.setAttribute("aria-busy", "true");
    button.disabled = true;
    button.dataset.label = button.innerHTML;
    button.textContent = "Working…";
  });
});
// A page restored from the back/forward cache gets its buttons back.
window.addEventListener("pageshow", () => {
  for (const button of document.querySelectorAll('button[aria-busy="true"]')) {
    button.removeAttribute("aria-busy");
    button.disabled = false;
    button.innerHTML = button.dataset.label;
  }
});
