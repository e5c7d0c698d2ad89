// Interleave's service worker, for the static site built by `make dist` (never
// part of the test build in target/site). scripts/dist copies it into dist/
// with the precache manifest in place of __PRECACHE__ below, so every new build
// changes this file's bytes and the browser installs the new version.
//
// It does two things:
// 1. Cross-origin isolation on hosts that cannot send headers: every
//    same-origin response it hands to the page gets COOP same-origin, COEP
//    require-corp and Document-Isolation-Policy isolate-and-require-corp (the
//    latter isolates a framed page whose parent is not isolated, in Chromium).
//    sw-register.js reloads the page once when the worker first takes control.
// 2. Offline: on install it caches every file of the build (one cache per
//    build version, named after the scope, so two deployments on one origin do
//    not evict each other). Pages (navigations) are network-first, falling back
//    to the cached index.html, so a new deployment shows at once when online;
//    the other precached files have hashed names and never change, so they are
//    served from the cache first. Old versions' caches are deleted on activate.
'use strict';

const PRECACHE = __PRECACHE__; // { version: "<hash of the build>", files: ["index.html", ...] }

const SCOPE = self.registration.scope;
const CACHE_PREFIX = `interleave:${SCOPE}:`;
const CACHE = CACHE_PREFIX + PRECACHE.version;
const abs = (file) => new URL(file, SCOPE).href;
const PRECACHED = new Set(PRECACHE.files.map(abs));
const INDEX = abs('index.html');

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};

self.addEventListener('install', (event) => {
  // All or nothing: addAll fails (and so does the install) if one file is missing.
  // `reload` bypasses the HTTP cache, so the cache holds exactly this build.
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.files.map((file) => new Request(abs(file), { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Cross-origin requests keep the browser's default handling (the app makes none).
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  event.respondWith(request.mode === 'navigate' ? page(request) : file(request, url));
});

async function page(request) {
  try {
    return isolate(await fetch(request));
  } catch (offline) {
    const cached = await caches.match(INDEX, { cacheName: CACHE, ignoreVary: true });
    if (cached) return isolate(cached);
    throw offline;
  }
}

async function file(request, url) {
  url.hash = '';
  if (PRECACHED.has(url.href)) {
    const cached = await caches.match(url.href, { cacheName: CACHE, ignoreVary: true });
    if (cached) return isolate(cached);
  }
  return isolate(await fetch(request));
}

/** The same response with the isolation headers (redirects and opaque responses untouched). */
function isolate(response) {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
