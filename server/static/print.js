// The "Imprimer" button of the printable pages: shown only when this script runs (a page
// saved to disk opens without it), since the pages' policy forbids inline handlers.
for (const button of document.querySelectorAll('button[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
