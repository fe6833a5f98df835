// Swadaya's service worker: keeps the field page and its files on the phone, so field mode opens
// with no signal. No data passes through here; the field page keeps its data in IndexedDB.
'use strict';

const CACHE = 'swadaya-shell-__VERSION__';
const SHELL = ['/field', '/static/app.css', '/static/field.js', '/manifest.webmanifest', '/static/icon-192.png', '/static/icon-512.png'];
// On a weak signal a page may never load; after this long the kept field page is shown instead.
const PATIENCE_MS = 5000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('swadaya-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function keptFieldPage() {
  return caches.open(CACHE).then((cache) => cache.match('/field'));
}

// The field page: from the network when it answers in time (and kept fresh), else the copy.
function fieldPage(request) {
  const network = fetch(request).then((response) => {
    if (response.ok && response.headers.get('X-Swadaya-Shell')) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put('/field', copy));
    }
    return response;
  });
  const late = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS)).then(keptFieldPage);
  return Promise.race([network.catch(keptFieldPage), late.then((kept) => kept || network)]);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/field') {
      event.respondWith(fieldPage(request));
    } else {
      // Any other page needs the server; with no signal the field page stands in for it.
      event.respondWith(fetch(request).catch(keptFieldPage));
    }
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
  }
});
