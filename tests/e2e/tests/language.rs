//! German and English: the header switch turns every text German and is remembered after a reload; the
//! wizard and its validation messages, dates and money follow; every page is photographed in both languages
//! on the desktop and on a 360 px phone, and in German at 800 px (none wider than the screen, no word running
//! out of its box or broken mid-word, no field's text cut off — also in German at 320 px, a desktop zoomed to
//! 400 %), with a check that no English words are left in the German page's labels, headings and buttons.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult, PAGES};

/// English words that must not appear in the German UI's own texts.
const ENGLISH: &str = r"\b(the|your|and|with|of|to|Add|Save|Cancel|Search|Export|Customer|Customers(?!\.csv)|Settings|Loading|Remove|Edit)\b";

/// The texts of labels, headings, buttons, legends, hints and table heads that contain English words.
async fn english_left(b: &Browser) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let script = format!(
        "const re = new RegExp({ENGLISH:?}); \
         return [...document.querySelectorAll('header a, header button, h1, h2, h3, h4, label, button, legend, summary, th, td, dt, dd, .hint, .lead, select:not(#country):not([id^=location-country]) option')] \
           .map(e => e.innerText.trim()).filter(t => re.test(t));"
    );
    let found = b.client.execute(&script, vec![]).await?;
    Ok(found.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn switch_to_german_and_back() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.goto("/").await?;
    b.wait_text("h1", "Customer accounts").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_text("h1", "Kundenkonten").await?;
    let home = b.wait_text("main", "Was möchten Sie tun?").await?;
    assert!(home.contains("Kundengewinnung") && home.contains("Alle Kundendaten verwalten"), "{home}");
    b.wait_text("nav", "Kunden hinzufügen").await?;
    let lang = b.client.execute("return document.documentElement.lang", vec![]).await?;
    assert_eq!(lang, "de");
    assert_eq!(b.client.title().await?, "Kundenkonten");
    // A navigation inside the app puts the focus on the new page's heading (where a screen reader starts).
    b.click("nav a[href='/customers']").await?;
    b.wait_text("main h1", "Kunden").await?;
    let focused = e2e::wait_until("the heading focused", || async {
        let tag = b
            .client
            .execute("return document.activeElement.tagName + ' ' + document.activeElement.textContent", vec![])
            .await
            .ok()?;
        tag.as_str().filter(|t| t.starts_with("H1")).map(String::from)
    })
    .await;
    assert_eq!(focused, "H1 Kunden");

    // Remembered on this device.
    b.goto("/customers/new").await?;
    b.wait_text("h1", "Kunden hinzufügen").await?;
    assert_eq!(b.client.title().await?, "Kunden hinzufügen — Kundenkonten", "each page names itself in the title");
    b.wait_text(".steps", "Kontoinformationen").await?;
    b.wait_text("label[for=company_name]", "Firmenname").await?;
    // A validation message in German, next to its field.
    b.type_into("company_name", "A").await?;
    b.wait_text(".field.has-error", "Ein Firmenname braucht mehr als ein Zeichen.").await?;
    b.click("#next").await?;
    b.wait_text("main", "Dieses Feld ist erforderlich.").await?;
    b.select("country", "PL").await?;
    b.wait_text("main", "In Polen verlangt Partner Center eine Telefonnummer").await?;
    b.screenshot("desktop-de-wizard-errors").await?;

    // Add a customer in German; dates follow the language.
    b.goto("/customers/new").await?;
    b.click("button.subtle").await?; // Neu beginnen
    b.fill_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    // The agreement's date as German partners type it (yesterday, `3.12.2026`), shown back as `03.12.2026`.
    let yesterday = time::OffsetDateTime::now_utc().date() - time::Duration::days(1);
    let (day, month, year) = (yesterday.day(), u8::from(yesterday.month()), yesterday.year());
    b.wait_text("#mca_date-hint", "Zum Beispiel 31.12.2026").await?;
    b.type_into("mca_date", &format!("{day}.{month}.{year}")).await?;
    b.click("#next").await?;
    b.click("#next-review").await?;
    b.wait_text("main", "Angaben prüfen").await?;
    b.wait_text("main", &format!("{day:02}.{month:02}.{year}")).await?;
    b.wait_text(".review", "Berlin, Deutschland").await?;
    // The language switched on the review: the country named in the other language, and back.
    b.click("[data-testid=language-en]").await?;
    b.wait_text(".review", "Berlin, Germany").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_text(".review", "Berlin, Deutschland").await?;
    b.click("#submit").await?;
    b.wait_text("main", "Kunde hinzugefügt").await?;
    let details = b.wait_text("main", "Kontoinformationen bearbeiten").await?;
    let german_date = regex_like_date(&details);
    assert!(german_date, "a date like 26.11.2026 on the customer's page: {details}");
    let customer = b.path().await?;

    // Money in German.
    b.goto("/referrals").await?;
    b.click("#record-referral").await?;
    b.type_into("referral-customer", "Fabrikam Logistik AG").await?;
    b.type_into("referral-value", "24000").await?;
    b.click("#save-referral").await?;
    b.wait_text("main", "Empfehlung erfasst.").await?;
    let card = b.wait_text("article.referral", "Noch 14 Tage zum Antworten").await?;
    assert!(card.contains("24.000") && card.contains('€'), "{card}");

    // Every page in German, then in English.
    let mut pages: Vec<(String, String)> = PAGES.iter().map(|p| (p.name.to_string(), p.path.to_string())).collect();
    pages.push(("customer".into(), customer.clone()));
    pages.push(("customer-edit".into(), format!("{customer}/edit")));
    pages.push(("customer-relationship".into(), format!("{customer}/relationship")));
    for (name, path) in &pages {
        visit(&b, path).await?;
        let left = english_left(&b).await?;
        assert!(left.is_empty(), "English left on the German {name} page: {left:?}");
        assert_text_whole(&b, &format!("the German {name} page at 1280 px")).await?;
        if name == "wizard" {
            b.assert_in_line(&["mca_phone", "mca_date"]).await?;
        }
        if name == "customers" {
            // "Indirekter Anbieter" takes two lines; the fields still stand on one line.
            b.assert_in_line(&["search", "relationship", "tag-filter", "provider-filter"]).await?;
        }
        b.screenshot(&format!("desktop-de-{name}")).await?;
    }
    // A tablet (or a laptop zoomed in), in the longer language.
    b.viewport(800, 900).await?;
    for (name, path) in &pages {
        visit(&b, path).await?;
        assert_eq!(b.horizontal_overflow().await?, 0, "the German {name} page fits 800 px");
        assert_text_whole(&b, &format!("the German {name} page at 800 px")).await?;
        if name == "activity" {
            b.assert_in_line(&["from", "to", "activity-customer"]).await?;
        }
        if name == "customer" {
            // The cards one under another, each wide enough for an ID and an e-mail address on one line.
            assert_eq!(b.lines("dl.props dd.whole").await?.len(), 1, "the Microsoft ID on one line at 800 px");
            assert_eq!(b.lines("dl.props dd:nth-of-type(2)").await?.len(), 1, "the domain on one line at 800 px");
        }
        if name == "wizard" {
            // A label on two lines, a hint above one field of two: the fields still side by side.
            b.assert_in_line(&["phone", "org_registration_id"]).await?;
            b.assert_in_line(&["mca_phone", "mca_date"]).await?;
        }
        b.screenshot(&format!("tablet-de-{name}")).await?;
    }
    // Home's tasks at every tablet width: no line of their sentences starts with the full stop or comma
    // after a link (links laid out as inline blocks let a line break there: "Kundenliste / . Mit …").
    visit(&b, "/").await?;
    for width in (720..=1000).step_by(8) {
        b.viewport(width, 900).await?;
        for row in 1..=4 {
            let lines = b.lines(&format!(".tasks tbody tr:nth-child({row}) td")).await?;
            assert!(
                lines.iter().all(|l| !l.trim_start().starts_with(['.', ','])),
                "a line of Home's task {row} at {width} px starts with a stop: {lines:?}"
            );
        }
    }
    // The menu keeps to one row on a tablet from 720 px in German too (it took two rows at 720–759 px).
    for width in [720, 740, 768] {
        b.viewport(width, 900).await?;
        assert_eq!(menu_rows(&b).await?, 1, "the German menu in one row at {width} px");
    }
    b.viewport(360, 740).await?;
    for (name, path) in &pages {
        visit(&b, path).await?;
        assert_eq!(b.horizontal_overflow().await?, 0, "the German {name} page fits a 360 px phone");
        let sticking_out = b.text_sticking_out().await?;
        assert!(
            sticking_out.is_empty(),
            "German words run out of their box on the {name} page at 360 px: {sticking_out:?}"
        );
        assert_text_whole(&b, &format!("the German {name} page at 360 px")).await?;
        b.screenshot(&format!("phone-de-{name}")).await?;
    }
    // The narrowest phones, and a desktop zoomed to 400 % (WCAG's reflow: 320 px, nothing to scroll sideways).
    b.viewport(320, 640).await?;
    for (name, path) in &pages {
        visit(&b, path).await?;
        assert_eq!(b.horizontal_overflow().await?, 0, "the German {name} page fits 320 px");
        assert_text_whole(&b, &format!("the German {name} page at 320 px")).await?;
    }
    b.viewport(1280, 900).await?;

    // Back to English, also remembered.
    b.click("[data-testid=language-en]").await?;
    b.wait_text("main h1", "").await?;
    b.goto("/").await?;
    b.wait_text("h1", "Customer accounts").await?;
    for (name, path) in &pages {
        visit(&b, path).await?;
        assert_text_whole(&b, &format!("the English {name} page at 1280 px")).await?;
        b.screenshot(&format!("desktop-en-{name}")).await?;
    }
    b.viewport(360, 740).await?;
    for (name, path) in &pages {
        visit(&b, path).await?;
        assert_eq!(b.horizontal_overflow().await?, 0, "the English {name} page fits a 360 px phone");
        assert_text_whole(&b, &format!("the English {name} page at 360 px")).await?;
        b.screenshot(&format!("phone-en-{name}")).await?;
    }
    b.viewport(720, 900).await?;
    assert_eq!(menu_rows(&b).await?, 1, "the English menu in one row at 720 px");
    b.viewport(1280, 900).await?;
    b.goto("/customers/new").await?;
    b.wait_text(".steps", "Account info").await?;
    b.close().await
}

/// How many rows the header's menu takes.
async fn menu_rows(b: &Browser) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let tops = b.evaluate("new Set([...document.querySelectorAll('.nav a')].map(a => Math.round(a.getBoundingClientRect().top))).size").await?;
    Ok(tops.as_u64().unwrap_or(0) as usize)
}

/// Asserts that no word on the page is broken mid-word and that no field's text (its value, example or
/// choice) is cut off; `page` names the page for the message ("the German wizard page at 800 px").
async fn assert_text_whole(b: &Browser, page: &str) -> TestResult {
    let broken = b.words_broken().await?;
    assert!(broken.is_empty(), "words broken mid-word on {page}: {broken:?}");
    let cut = b.fields_cut().await?;
    assert!(cut.is_empty(), "fields cut off on {page}: {cut:?}");
    Ok(())
}

/// Opens `path` and waits until its heading is drawn and the page has settled.
async fn visit(b: &Browser, path: &str) -> TestResult {
    b.goto(path).await?;
    b.find("main h1").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    Ok(())
}

/// Whether `text` has a date written the German way, like `26.11.2026`.
fn regex_like_date(text: &str) -> bool {
    text.as_bytes()
        .windows(10)
        .any(|w| w.iter().enumerate().all(|(i, c)| if i == 2 || i == 5 { *c == b'.' } else { c.is_ascii_digit() }))
}

/// A browser started under a POSIX locale reports `C` as its language (WebKitGTK does): the app starts in
/// English and formats dates, numbers and money as English instead of stopping at `Intl`'s refusal.
#[tokio::test(flavor = "multi_thread")]
async fn a_browser_language_that_is_no_language_tag_falls_back_to_english() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    let script = "Object.defineProperty(Navigator.prototype, 'language', { get: () => 'C' }); \
                  Object.defineProperty(Navigator.prototype, 'languages', { get: () => ['C'] });";
    b.client
        .issue_cmd(e2e::CdpCommand::new(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": script }),
        ))
        .await?;
    b.goto("/").await?;
    assert_eq!(b.evaluate("navigator.language").await?.as_str(), Some("C"));
    b.wait_exact("[data-testid=customer-count]", "0 customers").await?;
    assert_eq!(b.evaluate("document.documentElement.lang").await?.as_str(), Some("en"));
    // A customer's page formats its dates: it opens instead of staying on "Loading…".
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    b.wait_exact("main h1", "Contoso GmbH").await?;
    let today = b.evaluate("new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date())").await?;
    b.wait_text("main", today.as_str().unwrap_or("?")).await?;
    b.close().await
}

/// Messages already on the page when the partner switches the language are worded again in the new one: an
/// import's outcome, and a tag refused on a customer's page (which keeps what was typed).
#[tokio::test(flavor = "multi_thread")]
async fn messages_on_the_page_follow_a_language_switch() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    let work = e2e::TempDir::new("language");
    let csv = work.join("customers.csv");
    std::fs::write(&csv, e2e::new_customers_csv(3, "sprache"))?;
    let one = work.join("one.csv");
    std::fs::write(&one, e2e::new_customers_csv(1, "einzeln"))?;

    // The file chooser speaks the app's language, not the browser's, and names the file chosen.
    b.goto("/customers/import").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact(".file-choice .button", "Datei auswählen").await?;
    b.wait_exact("[data-testid=import-file-name]", "Keine Datei ausgewählt").await?;
    b.click("[data-testid=language-en]").await?;
    b.wait_exact("[data-testid=import-file-name]", "No file chosen").await?;
    // One row is said in the singular; then another file is chosen in the same chooser.
    b.find("#import-file").await?.send_keys(&one.display().to_string()).await?;
    b.wait_exact("#import-summary", "1 row: 1 to create, 0 to update, 0 unchanged, 0 with errors.").await?;
    b.wait_exact("#start-import", "Import 1 row").await?;
    b.find("#import-file").await?.send_keys(&csv.display().to_string()).await?;
    b.wait_text("#import-summary", "3 to create").await?;
    b.wait_exact("[data-testid=import-file-name]", "customers.csv").await?;
    b.click("#start-import").await?;
    b.wait_exact("#import-outcome", "Imported: created 3, updated 0.").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("#import-outcome", "Importiert: 3 angelegt, 0 aktualisiert.").await?;
    b.click("[data-testid=language-en]").await?;
    b.wait_exact("#import-outcome", "Imported: created 3, updated 0.").await?;

    b.add_customer("Woodgrove Bank", "woodgrove", "Dresden").await?;
    let long = "x".repeat(51);
    b.type_into("new-tag", &long).await?;
    b.click("#add-tag").await?;
    b.wait_exact("#new-tag-error", &format!("The tag “{long}” is longer than 50 characters.")).await?;
    // No name is set in Settings: the activity says who in the language shown, also for entries made before.
    b.wait_exact("ul.activity li > span:last-child", "Local user").await?;
    b.wait_exact("dd:has(> .line) > .line:last-child", "Germany").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("dd:has(> .line) > .line:last-child", "Deutschland").await?;
    b.wait_exact("#new-tag-error", &format!("Das Tag „{long}“ ist länger als 50 Zeichen.")).await?;
    let typed = b.find("#new-tag").await?.prop("value").await?;
    assert_eq!(typed.as_deref(), Some(long.as_str()), "the tag typed is still in the field");
    b.wait_exact("ul.activity li > span:last-child", "Lokaler Benutzer").await?;
    b.goto("/activity").await?;
    b.wait_exact("tr.line td:last-child", "Lokaler Benutzer").await?;
    // A date in a field is rewritten as the language switched to writes it, as its example is.
    let german = b.value("from").await?;
    let [day, month, year]: [&str; 3] =
        german.split('.').collect::<Vec<_>>().try_into().map_err(|_| format!("not a German date: {german}"))?;
    b.click("[data-testid=language-en]").await?;
    b.wait_value("from", &format!("{year}-{month}-{day}")).await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_value("from", &german).await?;
    b.close().await
}

/// The lines of text in `main` once the page has settled.
async fn main_lines(b: &Browser) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let text = b.evaluate("document.querySelector('main').innerText").await?;
    Ok(text.as_str().unwrap_or_default().lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_switched_to_german_in_place_reads_as_if_opened_in_german() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    // Something on every page: a partner id, a customer, a request sent, a referral.
    b.set_partner("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "Fabrikam IT").await?;
    b.add_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    let customer = b.path().await?;
    b.goto("/customers/invite").await?;
    b.type_into("recipient", "Litware Ltd").await?;
    b.click("#save-request").await?;
    b.wait_text("ul.requests", "Litware Ltd").await?;
    b.goto("/referrals").await?;
    b.click("#record-referral").await?;
    b.type_into("referral-customer", "Fabrikam AG").await?;
    b.click("#save-referral").await?;
    b.wait_text("main", "Referral recorded.").await?;
    let edit = format!("{customer}/edit");
    let pages = [
        "/",
        "/customers",
        &customer,
        &edit,
        "/customers/new",
        "/customers/invite",
        "/customers/import",
        "/referrals",
        "/providers",
        "/profile",
        "/activity",
        "/sync",
        "/settings",
    ];
    for path in pages {
        b.click("[data-testid=language-en]").await?;
        b.goto(path).await?;
        b.find("main h1").await?;
        main_lines(&b).await?;
        b.click("[data-testid=language-de]").await?;
        let switched = main_lines(&b).await?;
        b.goto(path).await?;
        b.find("main h1").await?;
        let fresh = main_lines(&b).await?;
        // Words and the way numbers are written, not their values: a count moves between the two reads (the
        // changes waiting on `/sync`, the storage used on `/settings`).
        let shape = |l: &String| {
            let mut shaped = String::new();
            for c in l.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }) {
                if !(c == '#' && shaped.ends_with('#')) {
                    shaped.push(c);
                }
            }
            shaped
        };
        let fresh: Vec<String> = fresh.iter().map(shape).collect();
        let stale: Vec<&String> =
            switched.iter().filter(|l| l.chars().any(char::is_alphabetic) && !fresh.contains(&shape(l))).collect();
        assert!(stale.is_empty(), "{path} switched to German in place still reads {stale:?}");
    }
    b.close().await
}
