// modem-voice web mailbox: progressive enhancement over the plain HTML forms.
// Uses only the JSON API under /api/ and sets text with textContent (never innerHTML):
// caller names and transcripts come from strangers.
'use strict';
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) {
    return; // the login page
  }
  var csrf = meta.getAttribute('content');

  function api(method, url, body) {
    var init = { method: method, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      if (r.status === 401) {
        window.location.assign('/login');
        throw new Error('logged out');
      }
      if (!r.ok) {
        throw new Error(method + ' ' + url + ': HTTP ' + r.status);
      }
      return r.status === 204 ? null : r.json();
    });
  }

  function showHeard(item, heard) {
    item.classList.toggle('heard', heard);
    item.classList.toggle('new', !heard);
    var form = item.querySelector('form.heard-form');
    form.querySelector('input[name="heard"]').value = heard ? 'false' : 'true';
    form.querySelector('button').textContent = heard ? 'Mark new' : 'Mark heard';
  }

  function formatBytes(n) {
    return n >= 1073741824 ? (n / 1073741824).toFixed(1) + ' GB' : (n / 1048576).toFixed(1) + ' MB';
  }

  function setField(name, text) {
    var el = document.querySelector('#status [data-field="' + name + '"]');
    if (el) {
      el.textContent = text;
    }
  }

  function refreshStatus() {
    return api('GET', '/api/status').then(function (s) {
      if (s.modem !== null) {
        setField('modem', s.modem);
      }
      setField('messages', s.new_messages + ' new of ' + s.messages);
      setField('last_message_local', s.last_message_local === null ? 'none' : s.last_message_local);
      if (s.notifications_waiting !== null) {
        setField('notifications_waiting', s.notifications_waiting
            + (s.notifications_failed ? ' (' + s.notifications_failed + ' failed)' : ''));
      }
      if (s.disk_free_bytes !== null) {
        setField('disk_free_bytes', formatBytes(s.disk_free_bytes));
      }
    }).catch(function () { /* the next refresh tries again */ });
  }

  document.querySelectorAll('form.heard-form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var item = form.closest('li.message');
      var heard = form.querySelector('input[name="heard"]').value === 'true';
      api('POST', '/api/messages/' + encodeURIComponent(item.dataset.id) + '/heard', { heard: heard })
        .then(function (m) {
          showHeard(item, m.heard);
          refreshStatus();
        })
        .catch(function () { form.submit(); }); // fall back to the plain form post
    });
  });

  window.setInterval(refreshStatus, 30000);
})();
