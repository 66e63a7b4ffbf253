//! WCAG 2.2 AA with axe-core (npm, injected through DevTools' `Runtime.evaluate`: the app's CSP refuses
//! injected scripts) on every route, at 1280 and 360 px, in English and German: no serious or critical
//! violation. On phones every control is a touch target of at least 44 × 44 px (a link inside a sentence
//! excepted, as WCAG excepts it). In a Windows contrast theme (forced colors) what is chosen still shows.

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

/// Windows' contrast themes replace every background with the theme's own: the language chosen, the wizard's
/// step and the page in the menu must still stand out from the others.
#[tokio::test(flavor = "multi_thread")]
async fn a_contrast_theme_still_shows_what_is_chosen() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    let forced = serde_json::json!({ "features": [{ "name": "forced-colors", "value": "active" }] });
    b.client.issue_cmd(e2e::CdpCommand::new("Emulation.setEmulatedMedia", forced)).await?;
    b.goto("/customers/new").await?;
    b.wait_text(".steps", "Account info").await?;
    assert_eq!(b.evaluate("matchMedia('(forced-colors: active)').matches").await?, true);
    let look = |css: &str| {
        format!("[...document.querySelectorAll({css:?})].map(e => {{ const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.textDecorationLine].join(' / '); }})")
    };
    let languages = b.evaluate(&look(".language-switch button")).await?;
    let pressed = b.evaluate(&look(".language-switch button[aria-pressed=true]")).await?;
    let languages: Vec<String> = serde_json::from_value(languages)?;
    let pressed: Vec<String> = serde_json::from_value(pressed)?;
    assert_eq!(pressed.len(), 1, "{languages:?}");
    assert_eq!(
        languages.iter().filter(|l| **l == pressed[0]).count(),
        1,
        "the language chosen looks like the other: {languages:?}"
    );
    let steps: Vec<String> = serde_json::from_value(b.evaluate(&look(".steps .step-number")).await?)?;
    assert!(steps.len() == 3 && steps[0] != steps[1] && steps[1] == steps[2], "the first step stands out: {steps:?}");
    let menu: Vec<String> = serde_json::from_value(b.evaluate(&look(".nav a")).await?)?;
    let current: Vec<String> = serde_json::from_value(b.evaluate(&look(".nav a[aria-current=page]")).await?)?;
    assert_eq!(current.len(), 1);
    assert_eq!(
        menu.iter().filter(|l| **l == current[0]).count(),
        1,
        "the page in the menu looks like the others: {menu:?}"
    );
    b.screenshot("desktop-contrast-theme-wizard").await?;
    b.close().await
}
