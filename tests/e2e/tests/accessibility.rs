//! WCAG 2.2 AA with axe-core (npm, injected through DevTools' `Runtime.evaluate`: the app's CSP refuses
//! injected scripts) on every route, at 1280 and 360 px, in English and German: no serious or critical
//! violation. On phones every control is a touch target of at least 44 × 44 px (a link inside a sentence
//! excepted, as WCAG excepts it).

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult, PAGES};

/// The visible controls smaller than 44 × 44 px, one line each ("BUTTON#id "text" 40×24"). A check box or
/// radio button counts with its label (a tap on either works); a link inside a sentence is left out.
const SMALL_TARGETS: &str = r#"(() => {
  const small = [];
  for (const el of document.querySelectorAll('a, button, select, input, textarea, summary')) {
    let r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.type === 'hidden') continue;
    let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
    const label = el.closest('label') || (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
    if (label && ['checkbox', 'radio', 'file'].includes(el.type)) {
      const l = label.getBoundingClientRect();
      [left, top, right, bottom] = [Math.min(left, l.left), Math.min(top, l.top), Math.max(right, l.right), Math.max(bottom, l.bottom)];
    }
    const inSentence = el.tagName === 'A' && [...el.parentElement.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if ((right - left < 44 || bottom - top < 44) && !inSentence) {
      const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40);
      small.push(`${el.tagName}${el.id ? '#' + el.id : ''} "${text}" ${Math.round(right - left)}×${Math.round(bottom - top)}`);
    }
  }
  return small;
})()"#;

#[tokio::test(flavor = "multi_thread")]
async fn every_route_meets_wcag_aa_at_both_widths_in_both_languages() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    let customer = b.path().await?;
    let routes: Vec<String> = PAGES
        .iter()
        .map(|p| p.path.to_string())
        .chain([customer.clone(), format!("{customer}/edit"), format!("{customer}/relationship")])
        .collect();
    let (mut serious, mut small) = (Vec::new(), Vec::new());
    for language in ["en", "de"] {
        b.goto("/").await?;
        b.click(&format!("[data-testid=language-{language}]")).await?;
        for (width, height) in [(1280, 900), (360, 800)] {
            b.viewport(width, height).await?;
            for route in &routes {
                b.goto(route).await?;
                b.find("main h1").await?;
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                let found = b.axe_violations().await?;
                println!("AXE {language} {width:>4} {route:<60} {} violations", found.len());
                for (impact, what) in found {
                    println!("AXE {language} {width:>4} {route:<60} {impact:<9} {what}");
                    if impact == "serious" || impact == "critical" {
                        serious.push(format!("{language} {width} {route}: {impact} {what}"));
                    }
                }
                if width == 360 {
                    for target in b.evaluate(SMALL_TARGETS).await?.as_array().into_iter().flatten() {
                        small.push(format!("{language} {route}: {}", target.as_str().unwrap_or_default()));
                    }
                }
            }
        }
    }
    b.close().await?;
    assert!(serious.is_empty(), "{} serious or critical violations:\n{}", serious.len(), serious.join("\n"));
    assert!(small.is_empty(), "{} touch targets under 44 × 44 px on phones:\n{}", small.len(), small.join("\n"));
    Ok(())
}
