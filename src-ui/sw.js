// The residents' service worker: the app shell of ONE build, precached under that build's name,
// so the app opens with no signal. scripts/service-worker.sh writes the build's version and file
// list in place of the two placeholders below after each release build.
//
// Updates never mix builds: every file of a build is in its own cache, trunk's hashed names never
// repeat across builds, and a page is always served either from the network (a new index.html
// naming the new hashed files, which the network has) or wholly from one build's cache. A new
// worker takes over at once (skipWaiting) and deletes the older builds' caches; the tab already
// open keeps running what it loaded, and its next reload runs the new build.
//
// Only the shell is cached: nothing under /api/ ever goes through this worker, so no session
// token, answer or stay is in its caches (the offline copy of stays lives in IndexedDB).
const VERSION = "__PERMITS_BUILD__";
const SHELL = __PERMITS_SHELL__;
const CACHE = "permits-shell-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("permits-shell-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/office/")) return;
  if (request.mode === "navigate") {
    // A page: the network's index.html first, so a reload picks up a new build; this build's
    // copy when there is no network.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match("/index.html")).then(
          (cached) => cached || Response.error(),
        ),
      ),
    );
    return;
  }
  // The shell's own files (hashed names: a cached copy is always the right one).
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request))
      .then((cached) => cached || fetch(request)),
  );
});
