//! Small typed wrappers around browser facilities the pages need: clock, locale, `Intl` names, base path,
//! network state, service worker and storage.

pub mod chunk;
mod format;
pub mod locale;
pub mod service_worker;
pub mod storage;
pub mod tabs;

use std::ops::Range;

use js_sys::Date as JsDate;
use time::{Date, Month};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use format::{
    date_for_typing, format_count, format_date, format_day, format_euros, format_month, format_month_narrow,
    format_month_short, format_number, format_time, format_timestamp,
};

use crate::domain::timestamp::Timestamp;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DisplayNames`, for country names in the user's language.
    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(locales: &JsValue, options: &JsValue) -> Result<DisplayNames, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn of(this: &DisplayNames, code: &str) -> Result<JsValue, JsValue>;
}

/// Now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(JsDate::now() as i64)
}

/// Today's date where the user is (local time zone).
pub fn today() -> Date {
    let d = JsDate::new_0();
    let month = Month::try_from(d.get_month() as u8 + 1).unwrap_or(Month::January);
    Date::from_calendar_date(d.get_full_year() as i32, month, d.get_date() as u8).unwrap_or(Date::MIN)
}

/// The last `count` calendar months where the user is, the current one last: each month's first day and
/// the time from its first midnight to the next month's (local time, so a customer added late on the 31st
/// counts in that month).
pub fn recent_months(count: u32) -> Vec<(Date, Range<Timestamp>)> {
    let now = JsDate::new_0();
    let (year, month) = (now.get_full_year() as i32, now.get_month() as i32);
    // `Date` rolls months below 0 and above 11 into the years around.
    let start = |m: i32| JsDate::new_with_year_month_day(year as u32, m, 1);
    (0..count as i32)
        .rev()
        .map(|back| {
            let (first, next) = (start(month - back), start(month - back + 1));
            let day = Month::try_from(first.get_month() as u8 + 1)
                .ok()
                .and_then(|m| Date::from_calendar_date(first.get_full_year() as i32, m, 1).ok())
                .unwrap_or(Date::MIN);
            (day, Timestamp(first.get_time() as i64)..Timestamp(next.get_time() as i64))
        })
        .collect()
}

/// The browser's preferred language tag, e.g. `de-DE`.
pub fn browser_locale() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into())
}

/// The name of an ISO country code in the UI's language, falling back to the code.
pub fn country_name(code: &str) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
    DisplayNames::new(&JsValue::from_str(locale::current().code()), &options)
        .and_then(|names| names.of(code))
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_else(|| code.to_string())
}

thread_local! {
    static BASE: String = read_base_path();
}

/// The path the app is served under (from `<base href>`), without a trailing slash: `""` at the root.
pub fn base_path() -> String {
    BASE.with(Clone::clone)
}

/// Sets the window title.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// An app path (`/customers`) as a link below the base path (`/accounts/customers` on a sub-path host).
pub fn href(path: &str) -> String {
    BASE.with(|base| format!("{base}{path}"))
}

/// An app path with query parameters (`/customers?q=kunde&tag=VIP`), each value encoded; empty ones left out.
pub fn href_with(path: &str, params: &[(&str, String)]) -> String {
    let search: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect();
    match search.is_empty() {
        true => href(path),
        false => format!("{}?{}", href(path), search.join("&")),
    }
}

fn read_base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

/// Brings the element the URL's fragment names (`#subscriptions`) into view, with its focus for keyboard
/// and screen-reader users; for parts of a page drawn after the route changed.
pub fn scroll_to_fragment() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(id) = fragment(&document) else { return };
    if let Some(target) = document.get_element_by_id(&id) {
        target.scroll_into_view();
        focus_element(target, true);
    }
}

/// The page's `#fragment`, without the `#` (`None` when there is none).
fn fragment(document: &web_sys::Document) -> Option<String> {
    let hash = document.location().and_then(|l| l.hash().ok()).unwrap_or_default();
    hash.strip_prefix('#').filter(|id| !id.is_empty()).map(String::from)
}

/// Focuses `element`, made focusable from script (`tabindex="-1"`) if it is not; `scroll` says whether the
/// browser may scroll it into view.
fn focus_element(element: web_sys::Element, scroll: bool) {
    let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() else { return };
    let _ = element.set_attribute("tabindex", "-1");
    focus(&element, scroll);
}

/// Focuses `element`; `scroll` says whether the browser may scroll it into view.
fn focus(element: &web_sys::HtmlElement, scroll: bool) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(!scroll);
    let _ = element.focus_with_options(&options);
}

/// The element inside `container` that has the keyboard's focus, if any.
pub fn focus_inside(container: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    let active = web_sys::window()?.document()?.active_element()?;
    (container.contains(Some(&active)) && !active.is_same_node(Some(container))).then(|| active.dyn_into().ok())?
}

/// Gives `element` the focus back (without scrolling) when the focus was lost — it is on the page's body —
/// while the element stayed in the page: a row moved among other rows loses the focus.
pub fn refocus_if_lost(element: &web_sys::HtmlElement) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let lost = document.active_element().is_none_or(|a| document.body().is_some_and(|b| a.is_same_node(Some(&b))));
    if lost && element.is_connected() {
        focus(element, false);
    }
}

/// Focuses the element with id `id` (one that takes the focus by itself: a button, a link, a field).
pub fn focus_by_id(id: &str) {
    let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        focus(&element, true);
    }
}

/// Focuses the first element matching `selector` (made focusable from script) and brings it into view; for
/// a part of a page that changes without a new route (a wizard's step, a form's list of problems). Whether
/// there was one.
pub fn focus_first(selector: &str) -> bool {
    let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    found.map(|element| focus_element(element, true)).is_some()
}

/// Moves the focus to the page's heading (`main h1`), so a screen reader starts reading the new page there
/// and the next Tab continues from it. A page still loading gets its heading a little later: this looks for
/// it again for up to ~20 frames. A page opened at a `#fragment` keeps that fragment's focus.
pub fn focus_heading() {
    focus_heading_within(20);
}

fn focus_heading_within(frames: u32) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if fragment(&document).is_some() {
        return;
    }
    match document.query_selector("main h1").ok().flatten() {
        // Without scrolling: Back to the list keeps the list where it was.
        Some(heading) => focus_element(heading, false),
        None if frames > 0 => leptos::prelude::request_animation_frame(move || focus_heading_within(frames - 1)),
        None => {}
    }
}

/// The height of the window's viewport in px (800 where the browser does not say).
pub fn screen_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0)
}

/// Whether the phone layout applies (the stylesheet's breakpoint: table rows become cards, long notices fold).
pub fn phone_layout() -> bool {
    web_sys::window().and_then(|w| w.match_media("(max-width: 719px)").ok().flatten()).is_some_and(|m| m.matches())
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Resolves once the page has loaded and the browser is idle (at most `within_ms` later; 200 ms after the load
/// where the browser has no `requestIdleCallback`): for work the first paint must not wait behind.
pub async fn idle(within_ms: u32) {
    let Some(window) = web_sys::window() else { return };
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let when_idle = {
            let window = window.clone();
            Closure::once_into_js(move || {
                let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
                let options = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&options, &"timeout".into(), &within_ms.into());
                let asked = idle.map(|f| f.call2(&window, &resolve, &options).is_ok()).unwrap_or(false);
                if !asked {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
                }
            })
        };
        let loaded = window.document().is_some_and(|d| d.ready_state() == "complete");
        let function: &js_sys::Function = when_idle.unchecked_ref();
        if loaded {
            let _ = function.call0(&JsValue::NULL);
        } else {
            let _ = window.add_event_listener_with_callback("load", function);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}

/// Minutes to add to UTC for local time here and now (e.g. 60 in Berlin in winter).
pub fn utc_offset_minutes() -> i32 {
    -(JsDate::new_0().get_timezone_offset() as i32)
}

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, text: &str, mime: &str) {
    download_parts(filename, &js_sys::Array::of1(&JsValue::from_str(text)), mime);
}

/// `text` as a part of a file to download (a Blob: the text leaves the page's memory for the browser's). Its
/// UTF-8 bytes are copied as they are — made a JS string first, a backup's 90 MB would be decoded from UTF-8
/// and encoded again.
pub fn file_part(text: &str) -> JsValue {
    let bytes = js_sys::Uint8Array::from(text.as_bytes());
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&bytes));
    blob.map(JsValue::from).unwrap_or_else(|_| JsValue::from_str(text))
}

/// Offers the strings or [`file_part`]s of `parts`, one after the other, as a file download named `filename` (a large file
/// never has to be one string).
pub fn download_parts(filename: &str, parts: &js_sys::Array, mime: &str) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = leptos::prelude::document();
    if let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Copies `text` to the clipboard; returns whether the browser allowed it.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    wasm_bindgen_futures::JsFuture::from(window.navigator().clipboard().write_text(text)).await.is_ok()
}

/// A `mailto:` link with subject and body.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    format!("mailto:{}?subject={}&body={}", enc(to.trim()), enc(subject), enc(body))
}

/// The bytes of a file the user chose or dropped, copied into the app's memory a slice at a time (a 100 MB
/// backup would otherwise hold the page for a tenth of a second).
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    const SLICE: u32 = 16 << 20;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    let all = js_sys::Uint8Array::new(&buffer);
    let mut bytes = vec![0; all.length() as usize];
    for start in (0..all.length()).step_by(SLICE as usize) {
        let end = start.saturating_add(SLICE).min(all.length());
        all.subarray(start, end).copy_to(&mut bytes[start as usize..end as usize]);
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    Ok(bytes)
}

/// The width and height in pixels of an image file, as the browser decodes it; `None` if it is no image.
pub async fn image_size(file: &web_sys::File) -> Option<(u32, u32)> {
    let promise = web_sys::window()?.create_image_bitmap_with_blob(file).ok()?;
    let bitmap: web_sys::ImageBitmap = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let size = (bitmap.width(), bitmap.height());
    bitmap.close();
    Some(size)
}

/// How many bytes the app's WebAssembly memory holds; the benchmarks read it as
/// `wasmBindings.wasm_memory_bytes()` (it never shrinks: the high-water mark).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64)
        .unwrap_or(0.0)
}
