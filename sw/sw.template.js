// Service worker of the app shell. Generated into dist/sw.js by scripts/post_build.py, which fills in the
// version and the list of built files. Listeners are registered synchronously, at the top level.
//  - hashed assets (wasm, js, css, icons): cache first — their names change with their content;
//  - page navigations (index.html, deep links): network first with a short timeout, else the cached shell;
//  - a new version installs in the background and waits until the page asks it to take over.
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
const CACHE = "app-shell-" + VERSION;
const NETWORK_TIMEOUT_MS = 3000;

const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS.map(scoped))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("app-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

function networkFirst(request) {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), NETWORK_TIMEOUT_MS));
  return Promise.race([fetch(request), timeout]).catch(() =>
    caches.open(CACHE).then((cache) => cache.match(scoped("index.html")))
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)))
  );
});
