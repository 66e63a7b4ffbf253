//! The customer list with a few thousand customers imported through the app: natural and German-aware
//! sorting, a Microsoft ID found however it is pasted, search and filters kept in the URL across a reload
//! and Back, only the rows on screen in the page, the rows on screen selected first and all matching as a
//! second step, the keyboard's focus kept on the rows going back up the list, the list printed, a bulk tag
//! undone, and a change made in another tab arriving without a reload while a half-typed tag and offer name
//! on the customer's page stay as they were. Photographed at 1280 and 360 px in both languages.

use e2e::{dist_dir, thousands, Browser, CdpCommand, Driver, Profile, StaticServer, TestResult};
use serde_json::json;

/// Customers in the file: "Kunde 1 GmbH" … "Kunde 3000 GmbH" and four whose names test the order.
const N: usize = 3_000;
const TOTAL: usize = N + 4;
const ID: &str = "6f1c0e7a-3d4e-4a61-9b1f-2f0c8d1e5a77";

fn file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::from("Microsoft ID,Company name,Primary domain name,First name,Last name,Email,Address line 1,Postal code,City,Country,Tags\n");
    let row = |id: &str, name: &str, prefix: &str, tags: &str| {
        format!("{id},{name},{prefix},Jan,Weiß,jan@{prefix}.de,Weg 1,10115,Berlin,DE,{tags}\n")
    };
    for i in 1..=N {
        text += &row("", &format!("Kunde {i} GmbH"), &format!("kunde{i}"), if i % 10 == 0 { "VIP" } else { "" });
    }
    text += &row(ID, "Zander Logistik GmbH", "zander", "");
    text += &row("", "Ärzte Bau GmbH", "aerztebau", "");
    text += &row("", "Apfel Handel GmbH", "apfel", "");
    text += &row("", "Zebra Druck GmbH", "zebra", "");
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("many.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The company names of the rows in the page, top to bottom.
async fn names(b: &Browser) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let value =
        b.evaluate("[...document.querySelectorAll('tr.customer-row td.name')].map(td => td.innerText.trim())").await?;
    Ok(value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect())
}

async fn row_count(b: &Browser) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    Ok(b.evaluate("document.querySelectorAll('tr.customer-row').length").await?.as_u64().unwrap_or(0) as usize)
}

/// Imports the file through the app's import page.
async fn import_all(b: &Browser) -> TestResult {
    let work = e2e::TempDir::new("list");
    b.import_new(&file(&work), TOTAL).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_few_thousand_customers_sort_search_select_and_stay_in_the_url() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    import_all(&b).await?;
    // No remote was ever set up: the header says the changes are here, not that 3,004 wait.
    b.wait_exact("[data-testid=sync-badge]", "Only on this device").await?;
    let title = b.find("[data-testid=sync-badge]").await?.attr("title").await?;
    assert_eq!(
        title.as_deref(),
        Some(
            "Everything is saved on this device only. Set up a remote to share it with other devices, or download a \
             backup in Settings."
        )
    );
    // …and Sync counts them once the import's batches stopped: each customer and the import's log entry.
    b.click("[data-testid=sync-badge]").await?;
    b.wait_exact("[data-testid=sync-pending]", &e2e::thousands(TOTAL + 1)).await?;

    // Names sort as people read them: umlauts with their base letter, numbers by value.
    b.goto("/customers").await?;
    b.wait_text("[data-testid=result-count]", &format!("of {} customers", thousands(TOTAL))).await?;
    assert_eq!(
        names(&b).await?[..5],
        ["Apfel Handel GmbH", "Ärzte Bau GmbH", "Kunde 1 GmbH", "Kunde 2 GmbH", "Kunde 3 GmbH"]
    );
    let rendered = row_count(&b).await?;
    assert!(rendered < 80, "only the rows on screen are in the page ({rendered} of {TOTAL})");
    b.screenshot("desktop-list-many").await?;
    // A sort by name, the other way: announced to screen readers.
    b.click("th.name button.sort").await?;
    b.wait_text("tr.customer-row td.name", "Zebra Druck GmbH").await?;
    assert_eq!(b.find("th.name").await?.attr("aria-sort").await?.as_deref(), Some("descending"));
    e2e::wait_until("the sort in the URL", || async {
        b.path_and_query().await.ok().filter(|u| u.contains("sort=-name"))
    })
    .await;
    b.click("th.name button.sort").await?;
    b.wait_text("tr.customer-row td.name", "Apfel Handel GmbH").await?;

    // Scrolling to the end shows the last customer, still with only the rows on screen in the page.
    b.evaluate("window.scrollTo(0, document.body.scrollHeight)").await?;
    b.wait_text("table.grid-customers", "Zebra Druck GmbH").await?;
    b.wait_text("[data-testid=result-count]", &format!("–{t} of {t} customers", t = thousands(TOTAL))).await?;
    assert!(row_count(&b).await? < 80);
    // Back up the list with Shift+Tab from the last customer: 40 customers (three stops each: box, name,
    // copy button), each focus in its row, between the sticky header and the screen's bottom, though rows
    // come and go meanwhile. (Rows moved in the page lost the focus, and the page jumped a screen.)
    b.evaluate(
        "[...document.querySelectorAll('tr.customer-row')].find(r => r.textContent.includes('Zebra Druck')).querySelector('input').focus()",
    )
    .await?;
    let focus = "(() => { const e = document.activeElement, row = e.closest('tr.customer-row'); \
                   const r = e.getBoundingClientRect(), head = document.querySelector('.grid-customers thead th').getBoundingClientRect(); \
                   return row ? [row.querySelector('td.name').textContent, r.top >= head.bottom && r.bottom <= innerHeight, r.top, r.bottom, head.bottom, scrollY] : [e.tagName, false]; })()";
    for step in 1..=120 {
        b.press_tab(true).await?;
        let now = b.evaluate(focus).await?;
        assert_eq!(now[1], json!(true), "step {step}: the focus on a row, in sight: {now}");
    }
    let now = b.evaluate(focus).await?;
    assert_eq!(now[0], json!("Kunde 2962 GmbH"), "40 customers up, on the box: {now}");
    b.evaluate("window.scrollTo(0, 0)").await?;
    // Printed (or saved as PDF): the rows drawn and their headings, without the app's header and buttons, and
    // without the ~120,000 px of blank space that stands for the other customers on screen.
    let print = |media: &str| CdpCommand::new("Emulation.setEmulatedMedia", json!({ "media": media }));
    b.client.issue_cmd(print("print")).await?;
    let printed = b
        .evaluate(
            "[document.documentElement.scrollHeight < 3000, getComputedStyle(document.querySelector('.header')).display, \
              getComputedStyle(document.querySelector('#export-customers')).display, document.querySelector('th.name').innerText.trim(), \
              document.querySelectorAll('tr.customer-row').length > 20]",
        )
        .await?;
    assert_eq!(printed, json!([true, "none", "none", "Company name", true]), "the list as printed");
    b.screenshot("print-list").await?;
    b.client.issue_cmd(print("")).await?;

    // A Microsoft ID pasted with braces, in upper case, or without dashes finds its customer.
    for pasted in [format!("{{{}}}", ID.to_uppercase()), ID.replace('-', ""), ID.to_string()] {
        b.type_into("search", &pasted).await?;
        b.wait_exact("[data-testid=result-count]", &format!("1 of {} customers", thousands(TOTAL))).await?;
        assert_eq!(names(&b).await?, ["Zander Logistik GmbH"], "{pasted}");
    }
    // The rows kept for the next search are hidden: the one customer found is the only row to be seen, and
    // clearing the search fills them again.
    let seen = "[...document.querySelectorAll('table.grid-customers tbody tr:not(.spacer)')]\
                .filter(r => r.getClientRects().length > 0).map(r => r.querySelector('td.name').innerText.trim())";
    assert_eq!(b.evaluate(seen).await?, serde_json::json!(["Zander Logistik GmbH"]));
    b.set_input("search", "").await?;
    e2e::wait_until("the rows back", || async {
        let shown = b.evaluate(seen).await.ok()?;
        (shown.as_array()?.len() > 10).then_some(shown)
    })
    .await;
    assert_eq!(names(&b).await?[..3], ["Apfel Handel GmbH", "Ärzte Bau GmbH", "Kunde 1 GmbH"]);
    b.type_into("search", ID).await?;
    b.wait_exact("[data-testid=result-count]", &format!("1 of {} customers", thousands(TOTAL))).await?;
    // The copy button puts the whole Microsoft ID on the clipboard and says so.
    let origin = b.evaluate("location.origin").await?;
    b.client
        .issue_cmd(CdpCommand::new(
            "Browser.grantPermissions",
            json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": origin }),
        ))
        .await?;
    b.click("tr.customer-row button.copy").await?;
    e2e::wait_until("the copy confirmed", || async {
        let title = b.find("tr.customer-row button.copy").await.ok()?.attr("title").await.ok()??;
        (title == "Copied").then_some(())
    })
    .await;
    let copied = b.evaluate("navigator.clipboard.readText()").await?;
    assert_eq!(copied.as_str(), Some(ID));
    let mark = "[...document.querySelector('tr.customer-row button.copy').querySelectorAll('svg')].map(s => getComputedStyle(s).display !== 'none')";
    assert_eq!(b.evaluate(mark).await?, json!([true, false]), "the button shows the check mark, not the copy icon");
    // Another search puts another customer in that place: its link, ID and copy button are that customer's.
    b.type_into("search", "Apfel Handel").await?;
    b.wait_exact("[data-testid=result-count]", &format!("1 of {} customers", thousands(TOTAL))).await?;
    let cells = b
        .evaluate(
            "(() => { const r = document.querySelector('tr.customer-row'); return [r.querySelector('td.name a').getAttribute('href'), r.querySelector('td.id span').title, r.querySelector('button.copy').title]; })()",
        )
        .await?;
    let apfel = cells[1].as_str().unwrap_or_default().to_string();
    assert_ne!(apfel, ID);
    assert_eq!(
        cells,
        json!([format!("/customers/{apfel}"), apfel, apfel]),
        "the row follows the customer in its place"
    );
    assert_eq!(b.evaluate(mark).await?, json!([false, true]), "the check mark went with the customer copied");

    // Search and a filter live in the URL: a reload and Back from a customer restore them.
    b.type_into("search", "kunde 12").await?;
    b.select("tag-filter", "VIP").await?;
    // Kunde 120, 1200, 1210, …, 1290: 11 with the tag.
    b.wait_text("[data-testid=result-count]", &format!("1–11 of 11 matching ({} customers)", thousands(TOTAL))).await?;
    let url = e2e::wait_until("the URL to follow", || async {
        let url = b.path_and_query().await.ok()?;
        (url.contains("q=kunde%2012") && url.contains("tag=VIP")).then_some(url)
    })
    .await;
    assert!(url.starts_with("/customers?"), "{url}");
    b.client.refresh().await?;
    b.wait_text("[data-testid=result-count]", "of 11 matching").await?;
    assert_eq!(b.value("search").await?, "kunde 12");
    b.click("tr.customer-row td.name a").await?;
    b.wait_text("main h1", "Kunde 120 GmbH").await?;
    b.client.back().await?;
    b.wait_text("[data-testid=result-count]", "of 11 matching").await?;
    assert_eq!(b.value("search").await?, "kunde 12");
    b.select("tag-filter", "").await?;

    // The header checkbox selects the rows on screen; all matching is a second, explicit step.
    b.type_into("search", "kunde 1").await?;
    // Kunde 1, 10–19, 100–199, 1000–1999.
    b.wait_text("[data-testid=result-count]", "of 1,111 matching").await?;
    b.click("#select-all").await?;
    let on_screen = b.wait_text("[data-testid=selected-count]", "selected").await?;
    let n: usize = on_screen.split_whitespace().next().unwrap_or("0").replace(',', "").parse()?;
    assert!(n > 5 && n < 60, "the rows on screen: {on_screen}");
    b.wait_text("#bulk-add-tag", &format!("Add tag to {n}")).await?;
    b.click("#select-matching").await?;
    b.wait_text("[data-testid=selected-count]", "1,111 selected").await?;
    b.wait_text(".bulk", "All 1,111 matching customers are selected.").await?;
    b.type_into("bulk-tag", "Kampagne").await?;
    b.wait_text("#bulk-add-tag", "Add tag to 1,111").await?;
    b.screenshot("desktop-list-selected").await?;
    b.click("#bulk-add-tag").await?;
    b.wait_text("#bulk-message", "“Kampagne” added to 1,111 customers.").await?;
    b.type_into("search", "").await?;
    b.select("tag-filter", "Kampagne").await?;
    b.wait_text("[data-testid=result-count]", &format!("of 1,111 matching ({} customers)", thousands(TOTAL))).await?;
    // Undo: the tag is gone from exactly those customers.
    b.click("#bulk-undo").await?;
    b.wait_text("#bulk-message", "Undone: the last tag change is reversed on 1,111 customers.").await?;
    b.wait_text("main", "No customer matches").await?;

    // The activity log: the import, 1,111 tags added and 1,111 removed (each bulk action's entries in the
    // same millisecond), read a hundred at a time, newest first; only the lines on screen are in the page,
    // and scrolling through all of them shows each entry, in order.
    let entries = 2 * 1_111 + 1;
    b.goto("/activity").await?;
    b.wait_exact("[data-testid=activity-count]", &format!("100 of {} entries shown, newest first", thousands(entries)))
        .await?;
    let drawn = log_rows(&b).await?.len();
    assert!((15..60).contains(&drawn), "a screenful of the 100 read is drawn, not all: {drawn}");
    let days = b.evaluate("[...document.querySelectorAll('.activity-log tr.day')].length").await?;
    assert_eq!(days.as_u64(), Some(1), "everything happened today: one day");
    let first = b.find(".activity-log tr.line").await?.text().await?;
    assert!(first.contains("Tags removed"), "newest first: {first}");
    let time = b.find(".activity-log tr.line time").await?.text().await?;
    assert!(time.split(':').count() == 3, "times to the second: {time}");
    b.screenshot("desktop-activity-many").await?;
    b.viewport(360, 740).await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact(
        "[data-testid=activity-count]",
        &format!("100 von {} Einträgen angezeigt, neueste zuerst", thousands(entries).replace(',', ".")),
    )
    .await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the log fits a 360 px phone");
    b.screenshot("phone-activity-many-de").await?;
    let seen = b.client.execute_async(SCROLL_THROUGH_LOG, vec![json!(30)]).await?;
    assert_eq!((&seen["out_of_order"], &seen["gap"]), (&json!(0), &json!(0)), "phone cards in order, no gap: {seen}");
    b.click("[data-testid=language-en]").await?;
    b.viewport(1280, 900).await?;
    for _ in 0..40 {
        if b.client.find(fantoccini::Locator::Css("#older-entries")).await.is_err() {
            break;
        }
        b.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)").await?;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    b.wait_exact("[data-testid=activity-count]", &format!("{} entries", thousands(entries))).await?;
    let seen = b.client.execute_async(SCROLL_THROUGH_LOG, vec![json!(10_000)]).await?;
    assert_eq!(seen["distinct"], json!(entries), "every entry seen once scrolled through: {seen}");
    assert_eq!((&seen["out_of_order"], &seen["gap"]), (&json!(0), &json!(0)), "rows in order, no gap: {seen}");
    let most = seen["most"].as_u64().unwrap_or(u64::MAX);
    assert!(most < 80, "only the lines near the screen are in the page: {seen}");
    assert_eq!(seen["last"], json!("-|Customers imported"), "the oldest entry at the end: {seen}");
    // Back up the log with Shift+Tab from the last customer named: each entry's customer in turn, in sight,
    // though lines come and go meanwhile.
    b.evaluate("[...document.querySelectorAll('.activity-log tr.line a')].pop().focus()").await?;
    let focus = "(() => { const e = document.activeElement, line = e.closest('.activity-log tr.line'); \
                   const r = e.getBoundingClientRect(); \
                   return line ? [+line.getAttribute('aria-rowindex'), r.top >= 0 && r.bottom <= innerHeight] : [e.tagName, false]; })()";
    let last = b.evaluate(focus).await?[0].as_u64().ok_or("the focus on the log's last customer")?;
    for step in 1..=40 {
        b.press_tab(true).await?;
        assert_eq!(b.evaluate(focus).await?, json!([last - step, true]), "step {step} up the log");
    }

    // One customer's entries, chosen by name; kept in the URL.
    b.type_into("activity-customer", "Kunde 150 GmbH").await?;
    b.wait_exact("[data-testid=activity-count]", "2 entries").await?;
    b.wait_text("main", "Tags added").await?;
    b.client.refresh().await?;
    b.wait_exact("[data-testid=activity-count]", "2 entries").await?;
    e2e::wait_until("the customer named again", || async {
        b.value("activity-customer").await.ok().filter(|v| v == "Kunde 150 GmbH")
    })
    .await;
    b.type_into("activity-customer", "Niemand").await?;
    b.wait_exact("#activity-customer-error", "No customer is called “Niemand”. Choose one from the suggestions.")
        .await?;

    // A tag change on many goes 250 customers at a time, with its progress in sight. It stops at a customer
    // that cannot take two more tags (149 of 150): those above it in the list keep the change (each step
    // committed whole), the partner reads where and why, and Undo reverses exactly them.
    b.goto("/customers").await?;
    b.type_into("search", "kunde 1500").await?;
    b.wait_text("[data-testid=result-count]", &format!("1 of {} customers", thousands(TOTAL))).await?;
    b.click("tr.customer-row td.name a").await?;
    b.wait_text("main h1", "Kunde 1500 GmbH").await?;
    let many: Vec<String> = (1..=148).map(|i| format!("t{i}")).collect();
    b.set_input("new-tag", &many.join(", ")).await?;
    b.click("#add-tag").await?;
    b.wait_text("main", "t148").await?;
    b.goto("/customers").await?;
    b.type_into("search", "kunde 1").await?;
    b.wait_text("[data-testid=result-count]", "of 1,111 matching").await?;
    b.click("#select-all").await?;
    b.click("#select-matching").await?;
    b.wait_text("[data-testid=selected-count]", "1,111 selected").await?;
    b.type_into("bulk-tag", "Nord, Süd").await?;
    b.click("#bulk-add-tag").await?;
    let (mut progress, mut said) = (Vec::new(), None);
    for _ in 0..300 {
        let seen = b
            .evaluate(
                "[document.querySelector('label[for=bulk-progress]')?.textContent, \
                  document.getElementById('bulk-message')?.textContent]",
            )
            .await?;
        progress.extend(seen[0].as_str().map(String::from));
        said = seen[1].as_str().map(String::from);
        if said.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    let said = said.ok_or("the change ended")?;
    assert_eq!(
        said,
        "The tag change stopped after 500 of 1,111 customers. “Kunde 1500 GmbH”: A customer can have at most 150 \
         tags (now 151). The customers before keep the change. Undo"
    );
    let steps = [
        "Changing tags: 0 of 1,111 customers",
        "Changing tags: 250 of 1,111 customers",
        "Changing tags: 500 of 1,111 customers",
    ];
    assert!(
        !progress.is_empty() && progress.iter().all(|p| steps.contains(&p.as_str())),
        "progress shown: {progress:?}"
    );
    b.screenshot("desktop-list-tag-change-stopped").await?;
    // In German the message is worded again, its numbers written as German writes them.
    b.click("[data-testid=language-de]").await?;
    b.wait_exact(
        "#bulk-message",
        "Die Tag-Änderung wurde nach 500 von 1.111 Kunden angehalten. „Kunde 1500 GmbH“: Ein Kunde kann höchstens \
         150 Tags haben (jetzt 151). Die Kunden davor behalten die Änderung. Rückgängig",
    )
    .await?;
    b.click("[data-testid=language-en]").await?;
    b.type_into("search", "").await?;
    b.select("tag-filter", "Nord").await?;
    b.wait_text("[data-testid=result-count]", &format!("of 500 matching ({} customers)", thousands(TOTAL))).await?;
    assert_eq!(names(&b).await?[..3], ["Kunde 1 GmbH", "Kunde 10 GmbH", "Kunde 11 GmbH"], "the first in the list");
    b.click("#bulk-undo").await?;
    b.wait_text("#bulk-message", "Undone: the last tag change is reversed on 500 customers.").await?;
    b.wait_text("main", "No customer matches").await?;
    // Refused on the first step: nothing changed, nothing to undo.
    b.select("tag-filter", "").await?;
    b.click("#clear-selection").await?;
    b.type_into("search", "kunde 1500").await?;
    b.wait_text("[data-testid=result-count]", &format!("1 of {} customers", thousands(TOTAL))).await?;
    b.click("#select-all").await?;
    b.type_into("bulk-tag", "Nord, Süd").await?;
    b.click("#bulk-add-tag").await?;
    b.wait_exact("#bulk-message", "Nothing was changed. A customer can have at most 150 tags (now 151).").await?;
    b.close().await
}

/// Scrolls the activity log from the top, half a screen at a time, to the end (or for `arguments[0]` steps),
/// and returns what the lines in the page showed: `distinct` entries ("customer link|action"), the `most`
/// lines in the page at once, the steps whose lines were `out_of_order` (row indexes not consecutive, an
/// entry twice), the steps where the screen had a `gap` (a part of the table on screen without a line:
/// the lines' heights and the page's disagree; `gaps`: where) and the `last` entry.
const SCROLL_THROUGH_LOG: &str = r#"
const steps = arguments[0];
const done = arguments[arguments.length - 1];
const frame = () => new Promise(ok => requestAnimationFrame(() => setTimeout(ok, 0)));
(async () => {
  const seen = new Set();
  let most = 0, outOfOrder = 0, gap = 0, last = null, gaps = [];
  for (let y = 0, step = 0; step < steps; y += innerHeight / 2, step++) {
    window.scrollTo(0, y);
    await frame(); await frame();
    const lines = [...document.querySelectorAll('.activity-log tbody tr:not(.spacer)')];
    const entries = lines.filter(tr => tr.classList.contains('line')).map(tr => {
      const action = tr.cells[2];
      return (tr.querySelector('a')?.getAttribute('href') ?? '-') + '|' + action.innerText.replace(action.querySelector('.detail').innerText, '').trim();
    });
    most = Math.max(most, entries.length);
    const at = lines.map(tr => Number(tr.getAttribute('aria-rowindex')));
    if (at.some((n, i) => i > 0 && n !== at[i - 1] + 1) || new Set(entries).size !== entries.length) outOfOrder++;
    const body = document.querySelector('.activity-log tbody').getBoundingClientRect();
    const [top, bottom] = [lines[0].getBoundingClientRect().top, lines[lines.length - 1].getBoundingClientRect().bottom];
    if (top > Math.max(0, body.top) + 1 || bottom < Math.min(innerHeight, body.bottom) - 1) { gap++; gaps.push([y, Math.round(top), Math.round(bottom), Math.round(body.top), Math.round(body.bottom)]); }
    entries.forEach(e => seen.add(e));
    last = entries[entries.length - 1];
    if (y + innerHeight >= document.documentElement.scrollHeight) break;
  }
  done({ distinct: seen.size, most, out_of_order: outOfOrder, gap, gaps, last });
})();
"#;

/// Each entry of the activity log in the page as "customer link|action", top to bottom.
async fn log_rows(b: &Browser) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let value = b
        .evaluate(
            "[...document.querySelectorAll('.activity-log tr.line')].map(tr => \
             (tr.querySelector('a')?.getAttribute('href') ?? '-') + '|' + tr.cells[2].innerText)",
        )
        .await?;
    Ok(value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_phone_shows_customers_first_and_another_tabs_edit_leaves_typing_alone() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    import_all(&b).await?;

    // A tablet, or a laptop zoomed in: the company name keeps its room; the columns needed least leave, and
    // "Sort by" offers their sorts (below 960 px behind the "Filters" button).
    b.goto("/customers").await?;
    b.wait_text("tr.customer-row td.name", "Apfel Handel GmbH").await?;
    assert!(!b.find("#sort").await?.is_displayed().await?, "at 1280 px the headers sort");
    for (width, columns) in [(1024, 7), (800, 6)] {
        b.viewport(width, 800).await?;
        let name = "document.querySelector('th.name').getBoundingClientRect().width";
        let name = e2e::wait_until("the grid laid out again", || async {
            b.evaluate(name).await.ok().and_then(|w| w.as_f64()).filter(|w| *w < 1000.0)
        })
        .await;
        assert!(name >= 200.0, "the company name has room at {width} px: {name} px");
        let shown = b
            .evaluate(
                "[...document.querySelectorAll('.grid-customers thead th')].filter(th => th.offsetWidth > 0).length",
            )
            .await?;
        assert_eq!(shown.as_u64(), Some(columns), "columns at {width} px");
        assert_eq!(b.horizontal_overflow().await?, 0, "nothing sticks out at {width} px");
        b.screenshot(&format!("tablet-list-{width}")).await?;
        if width < 960 {
            // The actions in one menu and the filters behind one button, as on a phone: customers come first.
            let top = b.evaluate("document.querySelector('tr.customer-row').getBoundingClientRect().top").await?;
            assert!(top.as_f64().is_some_and(|t| t < 480.0), "the first customer high on a tablet's screen: {top}");
            assert!(!b.find("#export-customers").await?.is_displayed().await?, "actions wait behind the menu");
            assert!(!b.find("#sort").await?.is_displayed().await?, "filters wait behind their button");
            b.click("#filters-toggle").await?;
        }
        assert!(b.find("#sort").await?.is_displayed().await?, "Sort by at {width} px");
        assert_eq!(b.fields_cut().await?, Vec::<String>::new(), "nothing cut off in the filters at {width} px");
    }
    b.select("sort", "-changed").await?;
    e2e::wait_until("the sort by a hidden column in the URL", || async {
        b.path_and_query().await.ok().filter(|p| p.contains("sort=-changed"))
    })
    .await;
    let announced = b.evaluate("document.querySelector('th.changed').getAttribute('aria-sort')").await?;
    assert_eq!(announced, "descending");

    // A 360 px phone: the first screen shows customers; actions and filters wait behind one button each.
    b.viewport(360, 740).await?;
    b.goto("/customers").await?;
    b.wait_text("tr.customer-row td.name", "Apfel Handel GmbH").await?;
    let first_row_top = b
        .evaluate("document.querySelector('tr.customer-row').getBoundingClientRect().top")
        .await?
        .as_f64()
        .unwrap_or(9e9);
    assert!(first_row_top < 740.0 - 92.0, "a whole customer card fits the first screen (top at {first_row_top})");
    assert!(!b.find("#export-customers").await?.is_displayed().await?, "actions wait behind the menu");
    assert_eq!(b.horizontal_overflow().await?, 0);
    // The actions' menu, the filters and the app's menu open with their buttons and close with Escape, which
    // gives the focus back to the button.
    for (button, inside) in [
        ("#list-actions", "#export-customers"),
        ("#filters-toggle", "#tag-filter"),
        ("button.menu-button", "#main-nav a"),
    ] {
        b.click(button).await?;
        assert!(b.find(inside).await?.is_displayed().await?, "{button} opens");
        b.evaluate(&format!("document.querySelector({inside:?}).focus()")).await?;
        b.press_escape().await?;
        assert!(!b.find(inside).await?.is_displayed().await?, "Escape closes {button}'s menu");
        let focused = b.evaluate(&format!("document.activeElement === document.querySelector({button:?})")).await?;
        assert_eq!(focused, json!(true), "the focus back on {button}");
    }
    // Beside the "Filters" button, the search says what it finds in words that fit.
    assert_eq!(b.find("#search").await?.attr("placeholder").await?.as_deref(), Some("Name, domain, ID"));
    assert_eq!(b.fields_cut().await?, Vec::<String>::new(), "nothing cut off on the phone's list");
    b.screenshot("phone-list").await?;
    b.click("#filters-toggle").await?;
    b.select("tag-filter", "VIP").await?;
    b.wait_text("#filters-toggle", "Filters (1)").await?;
    assert_eq!(b.fields_cut().await?, Vec::<String>::new(), "nothing cut off beside \"Filters (1)\"");
    // A card shows its tags on its third line, beside the relationship, inside the card.
    b.wait_exact("tr.customer-row:not([hidden]) td.tags", "VIP").await?;
    let inside = "(() => { const row = document.querySelector('tr.customer-row:not([hidden])'); \
                    const tag = row.querySelector('td.tags .tag').getBoundingClientRect(); \
                    const card = row.getBoundingClientRect(); \
                    return tag.width > 0 && tag.right <= card.right - 44 && tag.bottom <= card.bottom; })()";
    assert_eq!(b.evaluate(inside).await?, true, "the tag is shown inside the card, clear of the check box");
    b.screenshot("phone-list-filters").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_text("#filters-toggle", "Filter (1)").await?;
    assert_eq!(b.fields_cut().await?, Vec::<String>::new(), "nothing cut off on the German phone's list");
    b.screenshot("phone-list-de").await?;
    // Turned, or the window made wider, without opening the page again: the search's words follow the layout.
    let placeholder = |words: &'static str| {
        let b = &b;
        e2e::wait_until(words, move || async move {
            let now = b.find("#search").await.ok()?.attr("placeholder").await.ok()??;
            (now == words).then_some(())
        })
    };
    b.viewport(1280, 900).await?;
    placeholder("Name, Domäne oder Microsoft-ID").await;
    b.viewport(360, 740).await?;
    placeholder("Name, Domäne, ID").await;
    b.viewport(1280, 900).await?;
    b.goto("/customers").await?;
    b.wait_text("[data-testid=result-count]", &format!("von {} Kunden", thousands(TOTAL).replace(',', "."))).await?;
    b.screenshot("desktop-list-de").await?;
    b.click("[data-testid=language-en]").await?;

    // Tab 1 is on a customer's page with a tag and an offer half typed.
    b.goto("/customers?q=zander").await?;
    b.click("tr.customer-row td.name a").await?;
    b.wait_text("main h1", "Zander Logistik GmbH").await?;
    let customer_page = b.path().await?;
    b.type_into("new-tag", "Halb getippt").await?;
    b.type_into("offer-name", "Microsoft 365 E").await?;
    let first = b.client.window().await?;

    // Tab 2 renames that customer and another one.
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    for (path, name) in [
        (customer_page.clone(), "Zander Logistik Nord GmbH"),
        ("/customers?q=apfel".to_string(), "Apfel Handel Süd GmbH"),
    ] {
        b.goto(&path).await?;
        if path.contains('?') {
            b.click("tr.customer-row td.name a").await?;
        }
        b.click("#edit").await?;
        b.type_into("company_name", name).await?;
        b.click("#save").await?;
        b.wait_text("main", "Changes saved").await?;
    }

    // Tab 1 shows the new name without a reload, and what was being typed is still there.
    b.client.switch_to_window(first).await?;
    b.wait_text("main h1", "Zander Logistik Nord GmbH").await?;
    assert_eq!(b.value("new-tag").await?, "Halb getippt");
    assert_eq!(b.value("offer-name").await?, "Microsoft 365 E");
    // And its list has both changes, also without a reload.
    b.click("nav a[href='/customers']").await?;
    b.type_into("search", "süd").await?;
    b.wait_text("table.grid-customers", "Apfel Handel Süd GmbH").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn printing_the_list_prints_its_first_two_thousand_rows_and_says_so() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    b.seed_customers(3_000).await?;
    b.goto("/customers").await?;
    b.wait_text("[data-testid=result-count]", "of 3,000 customers").await?;
    let on_screen = row_count(&b).await?;
    assert!(on_screen < 100, "the screen's rows only: {on_screen}");
    // The rows the printout is laid out from, counted in a `beforeprint` listener that runs after the app's
    // (and the updates it started): the page draws the screen's rows again after printing.
    b.evaluate(
        "addEventListener('beforeprint', () => { window.printedRows = document.querySelectorAll(\
         'table.grid-customers tbody tr.customer-row:not([hidden])').length; }, { once: true }); true",
    )
    .await?;
    let pdf = b.client.issue_cmd(CdpCommand::new("Page.printToPDF", json!({}))).await?;
    let pdf = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, pdf["data"].as_str().unwrap_or(""))?;
    let pages = pdf.windows(12).filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's').count();
    assert_eq!(b.evaluate("window.printedRows").await?, 2_000, "the printout's rows");
    assert!(pages >= 50, "2,000 rows fill more than 50 pages, not {pages}");
    e2e::wait_until("the screen's rows only, after printing", || async {
        row_count(&b).await.ok().filter(|n| *n < 100)
    })
    .await;
    // The printout's line says where the rest is; on screen it is not shown.
    let note = b.find("[data-testid=printed-first]").await?;
    assert!(!note.is_displayed().await?, "the printout's note is not on screen");
    assert_eq!(
        note.prop("textContent").await?.as_deref(),
        Some(" · printed: the first 2,000; export a CSV to keep all of them")
    );
    b.close().await
}
