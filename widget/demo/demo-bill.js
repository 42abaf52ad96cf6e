// The page's own link opens the widget on a search, through the public API.
document.getElementById('explain-codes').addEventListener('click', (event) => {
  event.preventDefault();
  window.Selfserve.search('bill codes GPRR MBRA');
});

// Rows the page adds after load (as a statement that loads more) are explained too.
document.getElementById('pending').addEventListener('click', (event) => {
  event.currentTarget.disabled = true;
  const row = document.createElement('tr');
  for (const [text, code, numeric] of [['TPAS', true], ['Travel Pass, 2 days in Zone 1, pending'], ['MBRA', true], ['$20.00', false, true]]) {
    const cell = document.createElement('td');
    if (numeric) cell.className = 'num';
    if (code) cell.append(Object.assign(document.createElement('code'), { textContent: text }));
    else cell.textContent = text;
    row.append(cell);
  }
  document.querySelector('#bill-lines tbody .total').before(row);
});
