//! Checks run on every page at both sizes (issue 14): axe-core finds no WCAG 2.x A/AA
//! violations, and nothing makes the page scroll sideways on a phone.
//!
//! axe-core comes from npm (scripts/test-ui.sh installs a pinned version outside the
//! repository, as scripts/bench-first-load.sh does for puppeteer-core) and is injected into the
//! page by the test, so the app itself never ships or loads it.

use crate::Browser;
use serde_json::{Value, json};
use std::path::PathBuf;

/// The axe-core version scripts/test-ui.sh installs (`npm install axe-core@VERSION`).
pub const AXE_VERSION: &str = "4.14.1";

/// Where axe.min.js is: `PERMITS_AXE_JS`, else the tools folder scripts/test-ui.sh fills.
fn axe_path() -> PathBuf {
    if let Some(path) = std::env::var_os("PERMITS_AXE_JS").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let tools = std::env::var_os("PERMITS_TOOLS_DIR")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/permit-tools")
        });
    tools
        .join(format!("axe-core-{AXE_VERSION}"))
        .join("node_modules/axe-core/axe.min.js")
}

fn axe_source() -> String {
    let path = axe_path();
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "axe-core is not at {} ({error}); scripts/test-ui.sh installs it \
             (npm install axe-core@{AXE_VERSION}), or set PERMITS_AXE_JS",
            path.display()
        )
    })
}

/// One violation as the failure message shows it: the rule, its impact and where.
fn describe(violation: &Value) -> String {
    let targets: Vec<String> = violation["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .map(|node| format!("{} ({})", node["target"], node["failureSummary"]))
                .collect()
        })
        .unwrap_or_default();
    format!(
        "{} [{}]: {}\n    {}",
        violation["id"],
        violation["impact"],
        violation["help"],
        targets.join("\n    ")
    )
}

impl Browser {
    /// axe-core's WCAG 2.0–2.2 A and AA rules and its best practices find nothing on the page
    /// as it is now.
    pub async fn assert_no_axe_violations(&self, page: &str) {
        if let Some(problem) = self.axe_violations(page).await {
            self.fail(&problem).await;
        }
    }

    /// What axe-core finds on the page, as a failure message (None when nothing).
    pub async fn axe_violations(&self, page: &str) -> Option<String> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("checks for axe");
        if loaded != json!(true) {
            self.client
                .execute(&axe_source(), vec![])
                .await
                .expect("injects axe-core");
        }
        // WCAG 2.0-2.2 A and AA, best practice, and the experimental rules, which include
        // label-content-name-mismatch (WCAG 2.5.3: a control's name contains its visible text).
        let script = "const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                'best-practice', 'experimental'];
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: TAGS } })
                .then(r => done(r.violations), e => done([{ id: 'axe failed', help: String(e) }]));";
        let found = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("runs axe");
        let violations = found.as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            return None;
        }
        let listed: Vec<String> = violations.iter().map(describe).collect();
        Some(format!(
            "axe-core found {} violation(s) on {page}:\n{}",
            violations.len(),
            listed.join("\n")
        ))
    }

    /// The page is no wider than the window: nothing scrolls sideways (WCAG 1.4.10 reflow).
    pub async fn assert_no_sideways_scroll(&self, page: &str) {
        if let Some(problem) = self.sideways_scroll(page).await {
            self.fail(&problem).await;
        }
    }

    /// How the page scrolls sideways, as a failure message (None when it does not).
    pub async fn sideways_scroll(&self, page: &str) -> Option<String> {
        let script = "const d = document.documentElement;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                    (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
            return { scroll: d.scrollWidth, client: d.clientWidth, wide };";
        let found = self.client.execute(script, vec![]).await.expect("measures");
        let scroll = found["scroll"].as_f64().unwrap_or(f64::MAX);
        let client = found["client"].as_f64().unwrap_or(0.0);
        (scroll > client).then(|| {
            format!(
                "{page} scrolls sideways: {scroll}px wide in a {client}px window; too wide: {}",
                found["wide"]
            )
        })
    }
}

/// Colours as [r, g, b(, a)], the luminance contrast of two, and the colours a button shows
/// (box-shadow, outline, background); on `window` for the scripts below.
const COLOURS: &str = "
    window.rgbOf = s => (s.match(/rgba?\\([^)]*\\)/g) || []).map(c => c.match(/[\\d.]+/g).map(Number))
        .filter(c => c.length < 4 || c[3] > 0).map(c => c.slice(0, 3).join(','));
    window.shown = el => { const cs = getComputedStyle(el);
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 ? rgbOf(cs.outlineColor) : [];
        return [...rgbOf(cs.boxShadow), ...outline, ...rgbOf(cs.backgroundColor)]; };
    window.contrast = (a, b) => {
        const lum = c => c.split(',').map(Number).map(v => v / 255)
            .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
    window.resting = new Map([...document.querySelectorAll('.button')].map(el => [el, shown(el)]));";

/// The focused element, if it is one of the app's buttons reached by keyboard: its name, and
/// the best contrast against the page of a colour its focus style adds to its resting look
/// (the indicator must stand out from the page by 3:1; GOV.UK's black bar does).
const FOCUSED_BUTTON: &str = "
    const el = document.activeElement;
    if (!el || !el.matches('.button') || !el.matches(':focus-visible')) return null;
    const before = resting.get(el) || [];
    const added = shown(el).filter(c => !before.includes(c));
    const best = Math.max(0, ...added.map(c => contrast(c, '255,255,255')));
    return { name: el.id || el.textContent.trim(), best };";

impl Browser {
    /// Tabs through the page from the top, as a keyboard user would: the buttons reached, and
    /// which of them have a focus style under 3:1 against the page (None when all have it).
    pub async fn button_focus(&self, page: &str) -> (Vec<String>, Option<String>) {
        const TAB: &str = "\u{E004}";
        self.client
            .execute(
                "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
                vec![],
            )
            .await
            .expect("blurs");
        self.client
            .execute(COLOURS, vec![])
            .await
            .expect("the resting look of each button");
        self.find("body").await.send_keys(TAB).await.expect("tab");
        let (mut reached, mut weak) = (Vec::new(), Vec::new());
        for _ in 0..60 {
            let found = self
                .client
                .execute(FOCUSED_BUTTON, vec![])
                .await
                .expect("reads the focus style");
            if !found.is_null() {
                let name = found["name"].as_str().unwrap_or_default().to_owned();
                let best = found["best"].as_f64().unwrap_or(0.0);
                if best < 3.0 {
                    weak.push(format!("{name} ({best:.2}:1)"));
                }
                reached.push(name);
            }
            self.keys(TAB).await;
            let at_end = self
                .client
                .execute("return document.activeElement === document.body;", vec![])
                .await
                .expect("focus");
            if at_end == json!(true) {
                break;
            }
        }
        let problem = (!weak.is_empty()).then(|| {
            format!(
                "{page}: buttons whose focus style is under 3:1: {}",
                weak.join(", ")
            )
        });
        (reached, problem)
    }
}
