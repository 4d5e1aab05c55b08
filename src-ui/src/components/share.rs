//! Handing text to the device (issue 18): the Web Share API where the browser (or the app's
//! webview) has it, else the clipboard; and saving a calendar file. Looked up at run time
//! (`Reflect`), so a browser without them gets the next way, never an exception.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How the text went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shared {
    /// The device's share sheet took it.
    Sheet,
    /// It is on the clipboard.
    Copied,
    /// Neither could be used (or the resident closed the share sheet): show it to copy.
    ToCopy,
}

fn navigator() -> Option<JsValue> {
    let window = web_sys::window()?;
    Some(window.navigator().into())
}

/// `target.name(args…)` when `target` has such a function, awaited.
async fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: Function = Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()?;
    let array: js_sys::Array = args.iter().collect();
    let promise: Promise = function.apply(target, &array).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

pub(crate) async fn share(title: &str, text: &str) -> Shared {
    let Some(navigator) = navigator() else {
        return Shared::ToCopy;
    };
    let data = Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"text".into(), &text.into());
    if call(&navigator, "share", &[data.into()]).await.is_some() {
        return Shared::Sheet;
    }
    let Ok(clipboard) = Reflect::get(&navigator, &"clipboard".into()) else {
        return Shared::ToCopy;
    };
    if clipboard.is_undefined() || clipboard.is_null() {
        return Shared::ToCopy;
    }
    match call(&clipboard, "writeText", &[text.into()]).await {
        Some(_) => Shared::Copied,
        None => Shared::ToCopy,
    }
}

/// A `data:` URL holding a calendar file, for a download link (no Blob or object URL to free).
pub(crate) fn calendar_href(ics: &str) -> String {
    format!(
        "data:text/calendar;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(ics))
    )
}
