//! The release build's stylesheet is minified by scripts/post_build.py (comments and spaces out): the
//! browser must read from it exactly the rules it reads from `style/main.css` as written, and load it under
//! the page's integrity hash.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn the_minified_stylesheet_says_what_the_source_says() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/").await?;
    b.find("main h1").await?;
    let source =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../style/main.css"))?;
    let shipped = std::fs::read_to_string(
        std::fs::read_dir(dist_dir())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "css"))
            .ok_or("no stylesheet in dist")?,
    )?;
    assert!(
        shipped.len() * 10 < source.len() * 9,
        "the shipped stylesheet is minified: {} of {} bytes",
        shipped.len(),
        source.len()
    );
    // The page's own sheet (loaded under its integrity hash: a wrong hash leaves it without rules), and the
    // source read by the same browser, rule by rule as the browser writes them back.
    let compare = format!(
        "(() => {{ \
           const rules = s => [...s.cssRules].map(r => r.cssText); \
           const loaded = [...document.styleSheets].find(s => s.href && s.href.endsWith('.css')); \
           const source = new CSSStyleSheet(); source.replaceSync({}); \
           return [rules(loaded), rules(source)]; \
         }})()",
        serde_json::to_string(&source)?
    );
    let [loaded, written]: [Vec<String>; 2] = serde_json::from_value(b.evaluate(&compare).await?)?;
    assert!(loaded.len() > 200, "the page's stylesheet loaded: {} rules", loaded.len());
    assert_eq!(loaded.len(), written.len(), "as many rules as the source");
    for (shipped, source) in loaded.iter().zip(&written) {
        assert_eq!(shipped, source);
    }
    b.close().await
}
