// Progressive enhancements only: every page works without this file.
// A form with data-confirm asks before it submits (ending an assignment, deleting).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
