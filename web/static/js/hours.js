// The organisation form's office hours, enhanced: every day after Monday
// gets a button that copies Monday's hours and note into it. Without
// JavaScript the box "Od wtorku do piątku tak samo…" does the same on the
// server, so nothing here is needed to fill the form in.
(function () {
  'use strict';
  var hours = document.querySelector('[data-copy-label]');
  var monday = document.getElementById('hours-1');
  if (!hours || !monday) {
    return;
  }
  var label = hours.getAttribute('data-copy-label');
  var days = hours.querySelectorAll('.hours-day[data-day]');
  Array.prototype.forEach.call(days, function (day) {
    var d = day.getAttribute('data-day');
    if (d === '1') {
      return;
    }
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button-secondary copy-monday';
    button.textContent = label;
    button.addEventListener('click', function () {
      Array.prototype.forEach.call(monday.querySelectorAll('input[type="text"]'), function (from) {
        var to = document.getElementsByName(from.name.replace(/^hours\.1\./, 'hours.' + d + '.'))[0];
        if (to) {
          to.value = from.value;
        }
      });
    });
    var legend = day.querySelector('legend');
    legend.parentNode.insertBefore(button, legend.nextSibling);
  });
}());
