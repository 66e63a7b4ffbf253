//! Dates, times, numbers and money in the UI's language through `Intl`. Each formatter is made once per
//! language and kept: making one costs far more than using it (a grid of 40 rows formats 80 dates per
//! redraw).

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Date as JsDate, Function, Intl, Object, Reflect};
use time::Date;
use wasm_bindgen::JsValue;

use super::locale;
use crate::domain::timestamp::Timestamp;
use crate::i18n::Locale;

/// The kinds of formatter, each with its `Intl` options.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    DateTime,
    Date,
    Day,
    MonthShort,
    MonthNarrow,
    MonthYear,
    Time,
    Number,
    Euros,
}

impl Style {
    fn options(self) -> Object {
        let options = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&options, &k.into(), &v);
        };
        match self {
            Style::DateTime => {
                set("dateStyle", "medium".into());
                set("timeStyle", "short".into());
            }
            Style::Date => set("dateStyle", "medium".into()),
            Style::Day => set("dateStyle", "full".into()),
            Style::MonthShort => set("month", "short".into()),
            Style::MonthNarrow => set("month", "narrow".into()),
            Style::MonthYear => {
                set("month", "long".into());
                set("year", "numeric".into());
            }
            Style::Time => set("timeStyle", "medium".into()),
            Style::Number => {}
            Style::Euros => {
                set("style", "currency".into());
                set("currency", "EUR".into());
                set("maximumFractionDigits", 0.into());
            }
        }
        options
    }
}

thread_local! {
    static MADE: RefCell<HashMap<(String, Style), Function>> = RefCell::new(HashMap::new());
}

/// Formats `value` (a `Date` or a number) in `style` and the UI's language; `None` if `Intl` refuses.
fn format(style: Style, value: &JsValue) -> Option<String> {
    let tag = locale::format_tag();
    let format = MADE.with(|made| {
        made.borrow_mut()
            .entry((tag.clone(), style))
            .or_insert_with(|| {
                let locales = js_sys::Array::of1(&JsValue::from_str(&tag));
                match style {
                    Style::Number | Style::Euros => Intl::NumberFormat::new(&locales, &style.options()).format(),
                    _ => Intl::DateTimeFormat::new(&locales, &style.options()).format(),
                }
            })
            .clone()
    });
    format.call1(&JsValue::NULL, value).ok()?.as_string()
}

fn instant(t: Timestamp) -> JsValue {
    JsDate::new(&JsValue::from_f64(t.0 as f64)).into()
}

fn calendar_day(date: Date) -> JsValue {
    JsDate::new_with_year_month_day(date.year() as u32, i32::from(u8::from(date.month())) - 1, i32::from(date.day()))
        .into()
}

/// A date and time in the UI's language (and the browser's region), e.g. `25.11.2026, 12:48`.
pub fn format_timestamp(t: Timestamp) -> String {
    format(Style::DateTime, &instant(t)).unwrap_or_else(|| t.to_rfc3339())
}

/// A calendar date in the UI's language, e.g. `26.11.2026` or `Nov 26, 2026`.
pub fn format_date(date: Date) -> String {
    format(Style::Date, &calendar_day(date)).unwrap_or_else(|| date.to_string())
}

/// A weekday and date in the UI's language, e.g. `Thursday, 3 December 2026` (a day of the activity log).
pub fn format_day(date: Date) -> String {
    format(Style::Day, &calendar_day(date)).unwrap_or_else(|| date.to_string())
}

/// A date as people type it in the UI's language: `31.12.2026` in German, `2026-12-31` in English (what
/// date fields show and read back).
pub fn date_for_typing(date: Date) -> String {
    match locale::current() {
        Locale::De => format!("{:02}.{:02}.{}", date.day(), u8::from(date.month()), date.year()),
        Locale::En => crate::domain::iso_date::format(date),
    }
}

/// A month's short name in the UI's language, e.g. `Dez.` or `Dec` (the day of `date` is not shown).
pub fn format_month_short(date: Date) -> String {
    format(Style::MonthShort, &calendar_day(date)).unwrap_or_else(|| u8::from(date.month()).to_string())
}

/// A month's narrowest name in the UI's language, e.g. `D` (for a chart on a phone, where it stands under
/// its bar beside eleven others).
pub fn format_month_narrow(date: Date) -> String {
    format(Style::MonthNarrow, &calendar_day(date)).unwrap_or_else(|| u8::from(date.month()).to_string())
}

/// A month and its year in the UI's language, e.g. `Dezember 2026` or `December 2026`.
pub fn format_month(date: Date) -> String {
    format(Style::MonthYear, &calendar_day(date))
        .unwrap_or_else(|| format!("{}-{:02}", date.year(), u8::from(date.month())))
}

/// A time of day to the second in the UI's language and the user's time zone, e.g. `22:48:39`.
pub fn format_time(t: Timestamp) -> String {
    format(Style::Time, &instant(t)).unwrap_or_else(|| t.to_rfc3339())
}

/// A whole-euro amount in the UI's language, e.g. `25.000 €` or `€25,000`.
pub fn format_euros(value: u64) -> String {
    format(Style::Euros, &JsValue::from_f64(value as f64)).unwrap_or_else(|| format!("{value} EUR"))
}

/// A number in the UI's language, e.g. `2,500` or `2.500`.
pub fn format_number(value: f64) -> String {
    format(Style::Number, &JsValue::from_f64(value)).unwrap_or_else(|| value.to_string())
}

/// A count (rows, customers, documents) in the UI's language, e.g. `100,000` or `100.000`.
pub fn format_count(n: usize) -> String {
    format_number(n as f64)
}
