// Registers Interleave's service worker (sw.js, next to this file). scripts/dist
// loads this script from dist/index.html only: the test build in target/site
// must stay non-isolated when it is served without headers.
//
// The worker adds the cross-origin isolation headers, so a page that is not
// isolated and not yet controlled by it reloads once, when it takes control
// (the coi-serviceworker pattern). No reload when the page is already isolated
// (the host sends the headers), nor when the worker already controls the page:
// then its headers were applied and isolation is not possible here (a browser
// without Document-Isolation-Policy in a frame whose parent is not isolated);
// the app says so and offers "open in a new tab". A sessionStorage flag stops
// a second automatic reload in a row, whatever happens.
//
// While a reload is coming the app must not start: it would run an autorun link
// without threads (a "failed" run in the automation contract) just before the
// reload. So scripts/dist makes the app's loader await window.__interleaveSwGate,
// which this script resolves at once unless a reload is coming, and otherwise
// only if the reload does not happen after all (registration refused, or no
// control within GIVE_UP_MS: then the app starts without isolation, and no
// reload interrupts it later).
(function () {
  'use strict';
  var sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;

  var KEY = 'interleave:sw-reload';
  var storage = null;
  var reloadedBySelf = false;
  try {
    storage = window.sessionStorage;
    reloadedBySelf = storage.getItem(KEY) !== null;
    storage.removeItem(KEY);
  } catch (e) {
    storage = null; // no guard possible: never reload
  }
  var mayReload = !window.crossOriginIsolated && !sw.controller && !reloadedBySelf && storage !== null;
  var GIVE_UP_MS = 10000;

  var release;
  window.__interleaveSwGate = new Promise(function (resolve) { release = resolve; });
  function start() { mayReload = false; release(); }
  if (!mayReload) start();

  function reload() {
    if (!mayReload) return;
    mayReload = false;
    try { storage.setItem(KEY, String(Date.now())); } catch (e) { start(); return; }
    window.location.reload();
  }

  if (mayReload) {
    sw.addEventListener('controllerchange', reload);
    setTimeout(start, GIVE_UP_MS);
  }
  var script = new URL('sw.js', document.currentScript ? document.currentScript.src : document.baseURI);
  sw.register(script.href, { updateViaCache: 'none' }).then(function (registration) {
    // Active but not in control of this page (a hard reload bypasses it): a plain reload hands it over.
    if (registration.active && !sw.controller) reload();
  }, function (error) {
    start();
    console.warn('Interleave: no service worker, so no offline copy and no isolation without server headers:', error);
  });
})();
