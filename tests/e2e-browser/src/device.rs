//! What the web build keeps on the device and how it copes without a network (issue 19):
//! network emulation through the DevTools protocol, and everything IndexedDB and the service
//! worker's caches hold, read by the page itself.

use crate::Browser;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

/// Every IndexedDB record and every cached response (URL and body) of this origin, as JSON.
const READ_DEVICE: &str = r#"
const done = arguments[arguments.length - 1];
const request = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
(async () => {
  const out = { indexeddb: [], caches: [] };
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      const records = await request(db.transaction(store).objectStore(store).getAll());
      out.indexeddb.push({ db: name, store, records });
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const key of await cache.keys()) {
      const response = await cache.match(key);
      out.caches.push({ cache: name, url: key.url, body: await response.text() });
    }
  }
  return JSON.stringify(out);
})().then(done, (e) => done("failed: " + e));
"#;

/// What the offline copy holds, or `null`.
const READ_COPY: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open("permits-offline");
open.onupgradeneeded = () => open.result.createObjectStore("copy");
open.onsuccess = () => {
  const get = open.result.transaction("copy").objectStore("copy").get("resident");
  get.onsuccess = () => { open.result.close(); done(get.result ? JSON.parse(get.result) : null); };
  get.onerror = () => done(null);
};
open.onerror = () => done(null);
"#;

/// The forms a session token could be stored in: as it is, and base64 (standard and URL-safe,
/// of the token and of its `Authorization` header).
pub fn token_forms(token: &str) -> Vec<String> {
    let bearer = format!("Bearer {token}");
    vec![
        token.to_owned(),
        STANDARD.encode(token),
        URL_SAFE_NO_PAD.encode(token),
        STANDARD.encode(&bearer),
        URL_SAFE_NO_PAD.encode(&bearer),
    ]
}

impl Browser {
    /// Cuts the page and its service worker off the network, or reconnects them, through the
    /// DevTools protocol (`Network.emulateNetworkConditions`); the browser fires `offline` /
    /// `online`. The worker is a target of its own, which the page's emulation does not
    /// reach (its fetches would still get through): it is attached to and told the same.
    pub async fn set_offline(&self, offline: bool) {
        let conditions = json!({
            "offline": offline,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": -1,
        });
        let targets = self.devtools("Target.getTargets", json!({})).await;
        let workers = targets["targetInfos"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for worker in workers.iter().filter(|t| t["type"] == "service_worker") {
            let attached = self
                .devtools(
                    "Target.attachToTarget",
                    json!({ "targetId": worker["targetId"], "flatten": false }),
                )
                .await;
            let session = attached["sessionId"].clone();
            for (id, method, params) in [
                (1, "Network.enable", json!({})),
                (2, "Network.emulateNetworkConditions", conditions.clone()),
            ] {
                let message = json!({ "id": id, "method": method, "params": params });
                self.devtools(
                    "Target.sendMessageToTarget",
                    json!({ "sessionId": session, "message": message.to_string() }),
                )
                .await;
            }
        }
        self.devtools("Network.enable", json!({})).await;
        self.devtools("Network.emulateNetworkConditions", conditions)
            .await;
    }

    /// Everything this origin keeps in IndexedDB and the Cache Storage, as JSON text.
    pub async fn stored_on_device(&self) -> String {
        let found = self
            .client
            .execute_async(READ_DEVICE, vec![])
            .await
            .expect("reads IndexedDB and the caches");
        let text = found.as_str().unwrap_or_default().to_owned();
        assert!(text.starts_with('{'), "{text}");
        text
    }

    /// The offline copy in IndexedDB, as the web build saved it (`null` when there is none).
    pub async fn offline_copy(&self) -> Value {
        self.client
            .execute_async(READ_COPY, vec![])
            .await
            .expect("reads the offline copy")
    }

    /// Waits until the offline copy holds `needle` (a sync runs in the background), and
    /// answers with the copy.
    pub async fn offline_copy_containing(&self, needle: &str) -> Value {
        for _ in 0..300 {
            let copy = self.offline_copy().await;
            if copy.to_string().contains(needle) {
                return copy;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.fail(&format!("the offline copy never held {needle:?}"))
            .await
    }

    /// Neither IndexedDB nor the service worker's caches hold `token` in any of its forms,
    /// nor any of `words`.
    pub async fn assert_device_holds_none(&self, token: &str, words: &[&str]) {
        let stored = self.stored_on_device().await;
        for form in token_forms(token) {
            assert!(
                !stored.contains(&form),
                "the device stores the session token ({form})"
            );
        }
        for word in words {
            assert!(!stored.contains(word), "the device still holds {word:?}");
        }
    }
}
