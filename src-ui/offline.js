// The browser's offline copy (issue 19): one record in IndexedDB holding the service's last
// answers about upcoming stays, permits left and saved vehicles, with the time they were read.
// src-ui/src/api/offline.rs decides what goes in and when; this file only stores a string, so
// the wasm needs none of web-sys' IndexedDB bindings. Never a session token: the record is
// built from API answers, and the token is neither in them nor given to this file.
//
// Loaded by index.html as trunk's hashed file, so the service worker precaches it with the
// build it belongs to.
(() => {
  const DB = "permits-offline";
  const STORE = "copy";
  const KEY = "resident";
  // One operation at a time, in the order asked: a wipe asked after a save runs after it.
  let queue = Promise.resolve();

  const open = () =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  const run = (mode, work) => {
    const done = queue.then(() =>
      open().then(
        (db) =>
          new Promise((resolve, reject) => {
            const tx = db.transaction(STORE, mode);
            const request = work(tx.objectStore(STORE));
            tx.oncomplete = () => {
              db.close();
              resolve(request.result);
            };
            tx.onerror = tx.onabort = () => {
              db.close();
              reject(tx.error);
            };
          }),
      ),
    );
    queue = done.catch(() => {});
    return done;
  };

  window.permitsOffline = {
    save: (json) => run("readwrite", (store) => store.put(json, KEY)),
    load: () => run("readonly", (store) => store.get(KEY)),
    wipe: () => run("readwrite", (store) => store.clear()),
  };
})();
