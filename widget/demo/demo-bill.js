// The page's own link opens the widget on a search, through the public API.
document.getElementById('explain-codes').addEventListener('click', (event) => {
  event.preventDefault();
  window.Selfserve.search('bill codes GPRR MBRA');
});
