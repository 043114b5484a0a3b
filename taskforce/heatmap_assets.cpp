#include "taskforce/heatmap_assets.hpp"

namespace klarmeld::taskforce {

// KOMBIT colours: the fills of the readiness workbook (verdict_style.hpp).
const char* const heatmap_css = R"CSS(
body { font-family: Calibri, Arial, sans-serif; margin: 1.5em; color: #222; }
h1 { color: #1F4E78; font-size: 1.6em; }
h2 { color: #1F4E78; font-size: 1.2em; margin-top: 1.5em; }
.filters label { margin-right: 1.2em; }
table.matrix { border-collapse: collapse; font-size: 0.8em; }
table.matrix th { background: #1F4E78; color: #fff; padding: 3px 5px; position: sticky; top: 0; }
table.matrix td { border: 1px solid #A6A6A6; padding: 2px 4px; white-space: nowrap; }
td.cell { cursor: pointer; text-align: center; }
.v-ja { background: #C6EFCE; color: #006100; }
.v-nej { background: #FFC7CE; color: #9C0006; }
.v-ikke-testet { background: #FFEB9C; color: #9C5700; }
.v-ikke-relevant { background: #D9D9D9; color: #404040; }
.chart .bar-row { display: flex; align-items: center; margin: 2px 0; font-size: 0.85em; }
.chart .bar-label { width: 7em; }
.chart .bar { display: flex; width: 30em; height: 1em; border: 1px solid #A6A6A6; }
.chart .bar span { display: block; height: 100%; }
.chart .bar-value { margin-left: 0.6em; }
.legend span { padding: 1px 6px; margin-right: 0.5em; }
#details { border: 1px solid #1F4E78; padding: 0.6em; display: none; position: fixed; right: 1em; bottom: 1em;
  max-width: 50em; max-height: 60vh; overflow: auto; background: #fff; box-shadow: 0 2px 8px rgba(0,0,0,0.3); }
#details button { float: right; }
#details table { border-collapse: collapse; font-size: 0.85em; }
#details td, #details th { border: 1px solid #A6A6A6; padding: 2px 4px; text-align: left; vertical-align: top; }
tr.hidden, td.hidden, th.hidden { display: none; }
tr.conflict td:nth-child(2) { font-weight: bold; color: #9C0006; }
)CSS";

// Filters hide rows (vendor, municipality) or columns (interface); a click on a cell shows the
// criteria behind it from the embedded JSON (parsed, never evaluated).
const char* const heatmap_js = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('klarmeld-data').textContent);
  var words = { ja: 'Ja', nej: 'Nej', ikke_testet: 'Ikke testet', ikke_relevant: 'Ikke relevant' };
  var rows = Array.prototype.slice.call(document.querySelectorAll('#matrix tbody tr'));
  function fill(select, values) {
    values.sort().forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }
  function distinct(attribute) {
    var seen = {};
    rows.forEach(function (row) { seen[row.getAttribute(attribute)] = true; });
    return Object.keys(seen);
  }
  var vendorSelect = document.getElementById('filter-vendor');
  var municipalitySelect = document.getElementById('filter-municipality');
  var interfaceSelect = document.getElementById('filter-interface');
  fill(vendorSelect, distinct('data-vendor'));
  fill(municipalitySelect, distinct('data-municipality'));
  function apply() {
    var vendor = vendorSelect.value, municipality = municipalitySelect.value, iface = interfaceSelect.value;
    rows.forEach(function (row) {
      var show = (!vendor || row.getAttribute('data-vendor') === vendor) &&
                 (!municipality || row.getAttribute('data-municipality') === municipality);
      row.classList.toggle('hidden', !show);
    });
    document.querySelectorAll('[data-iface]').forEach(function (element) {
      element.classList.toggle('hidden', !!iface && element.getAttribute('data-iface') !== iface);
    });
  }
  [vendorSelect, municipalitySelect, interfaceSelect].forEach(function (select) {
    select.addEventListener('change', apply);
  });
  function text(tag, content) {
    var element = document.createElement(tag);
    element.textContent = content;
    return element;
  }
  function show(cell) {
    var entry = data[Number(cell.parentNode.getAttribute('data-row'))];
    var iface = cell.getAttribute('data-iface');
    var details = document.getElementById('details');
    details.textContent = '';
    var close = text('button', 'Luk');
    close.addEventListener('click', function () { details.style.display = 'none'; });
    details.appendChild(close);
    details.appendChild(text('h2', iface + ': ' + cell.textContent));
    details.appendChild(text('p', entry.v + ' / ' + entry.s + ' / ' + entry.m + ' (fil: ' + entry.f +
                                  ', katalog ' + entry.c + ')'));
    var criteria = entry.i[iface] || [];
    if (criteria.length === 0) {
      details.appendChild(text('p', 'Ingen kriterier i filen for denne grænseflade.'));
    } else {
      var table = document.createElement('table');
      var head = document.createElement('tr');
      ['Kriterium', 'Resultat', 'Begrundelse'].forEach(function (h) { head.appendChild(text('th', h)); });
      table.appendChild(head);
      criteria.forEach(function (criterion) {
        var tr = document.createElement('tr');
        tr.appendChild(text('td', criterion[0]));
        var verdict = text('td', words[criterion[1]] || criterion[1]);
        verdict.className = 'v-' + String(criterion[1]).replace('_', '-');
        tr.appendChild(verdict);
        tr.appendChild(text('td', criterion[2]));
        table.appendChild(tr);
      });
      details.appendChild(table);
    }
    details.style.display = 'block';
  }
  document.querySelector('#matrix tbody').addEventListener('click', function (event) {
    var cell = event.target.closest('td.cell');
    if (cell) { show(cell); }
  });
  // "#celle=ROW:INTERFACE" opens that cell's details on load: a link to one finding, and testable headless.
  var wanted = /^#celle=(\d+):([A-Z0-9_]+)$/.exec(window.location.hash);
  if (wanted) {
    var target = document.querySelector('#matrix tbody tr[data-row="' + wanted[1] + '"] td[data-iface="' + wanted[2] + '"]');
    if (target) { target.click(); }
  }
})();
)JS";

} // namespace klarmeld::taskforce
