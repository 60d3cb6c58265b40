// Live parts of the console's pages: poll the log's head every two seconds (one small JSON read) and,
// only when it has moved, fetch the page's live fragment and swap it in. No library, no build step.
(function () {
    'use strict';
    var live = document.getElementById('live');
    var position = document.body.getAttribute('data-position');
    if (!live || position === null) {
        return;
    }
    var source = live.getAttribute('data-live-src');
    var status = document.querySelector('.live-status');
    var busy = false;

    function refresh() {
        if (busy || document.hidden) {
            return;
        }
        busy = true;
        fetch('/console/log-position', {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
            .then(function (answer) {
                if (answer.redirected || !answer.ok) {
                    throw new Error('signed out or unavailable');
                }
                return answer.json();
            })
            .then(function (head) {
                if (String(head.position) === position) {
                    return null;
                }
                return fetch(source, {headers: {'Accept': 'text/html'}, credentials: 'same-origin'})
                    .then(function (answer) {
                        if (!answer.ok) {
                            throw new Error('the live part could not be read');
                        }
                        return answer.text();
                    })
                    .then(function (html) {
                        live.innerHTML = html;
                        position = String(head.position);
                        document.body.setAttribute('data-position', position);
                        if (status) {
                            status.textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
                        }
                    });
            })
            .catch(function (failure) {
                if (status) {
                    status.textContent = 'Not updating: ' + failure.message + '. Reload the page.';
                }
            })
            .finally(function () {
                busy = false;
            });
    }

    setInterval(refresh, 2000);
})();
