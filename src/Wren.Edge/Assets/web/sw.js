// The offline cache of a site written by `wren export web`. Every file of the site is kept in one Cache
// API cache named after the export (the page puts the model there itself as it downloads it, so it is
// fetched once); a new export has a new name, and the old cache is dropped when it takes over.
const CACHE = '__WREN_CACHE__';
const PRECACHE = __WREN_PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('wren-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    const response = await fetch(request);
    // wren-model.json is asked for with no-cache: keep the newest copy for the next offline visit.
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  })());
});
