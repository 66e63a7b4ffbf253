//! Text that may wrap before each dot and `@`: a domain or an e-mail address too long for its place breaks
//! between its parts ("contosohandel" / ".onmicrosoft.com"), not inside a name.

use leptos::prelude::*;

/// `text` with a place to break (`<wbr>`) before each `.` and `@` that does not start it.
pub fn breakable(text: &str) -> impl IntoView {
    let mut parts: Vec<String> = Vec::new();
    for c in text.chars() {
        match parts.last_mut() {
            Some(part) if c != '.' && c != '@' => part.push(c),
            _ => parts.push(c.to_string()),
        }
    }
    parts.into_iter().enumerate().map(|(i, part)| view! { {(i > 0).then(|| view! { <wbr/> })}{part} }).collect_view()
}
