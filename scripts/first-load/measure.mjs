// First load of the web UI on a slow phone connection, as a resident meets it: Debian's
// Chromium at 390x844, the network throttled through the DevTools protocol (1.6 Mbps down,
// 750 kbps up, 150 ms round trip), the cache empty. Prints one Markdown row per run and the
// median: bytes on the wire (what the network carried, compressed) and the time from navigation
// to the login page's heading. Usage: node measure.mjs http://127.0.0.1:PORT [runs]
import puppeteer from "puppeteer-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!base) {
  console.error("usage: node measure.mjs BASE_URL [runs]");
  process.exit(2);
}

const profile = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};

async function once() {
  const userDataDir = mkdtempSync(join(tmpdir(), "first-load-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    userDataDir,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", profile);
    let bytes = 0;
    const encodings = new Map();
    cdp.on("Network.responseReceived", (e) => {
      const enc = e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"];
      encodings.set(e.requestId, `${new URL(e.response.url).pathname} ${enc ?? "identity"}`);
    });
    cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
    const started = Date.now();
    await page.goto(`${base}/login`, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.waitForSelector("main h1", { timeout: 60000 });
    const heading = Date.now() - started;
    const title = await page.$eval("main h1", (h) => h.textContent.trim());
    return { bytes, heading, title, encodings: [...encodings.values()] };
  } finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const results = [];
console.log("| run | bytes transferred | to the login heading (ms) |\n|---|---:|---:|");
for (let i = 1; i <= runs; i += 1) {
  const r = await once();
  if (i === 1) console.error(`heading "${r.title}"; responses: ${r.encodings.join(", ")}`);
  results.push(r);
  console.log(`| ${i} | ${r.bytes} | ${r.heading} |`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| **median** | **${median(results.map((r) => r.bytes))}** | **${median(results.map((r) => r.heading))}** |`);
