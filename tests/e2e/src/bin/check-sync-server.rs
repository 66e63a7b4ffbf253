//! `check-sync-server <url> [token]`: checks an HTTP sync backend against docs/SYNC-HTTP.md and says, point
//! by point, what it does right and what it must change. Exits with 1 when a point fails.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("usage: check-sync-server <base url, e.g. https://api.example.com/partner-sync> [bearer token]");
        std::process::exit(2);
    };
    let checks = e2e::conformance::check_server(url, args.get(1).map(String::as_str));
    let failed = checks.iter().filter(|c| c.outcome.is_err()).count();
    for check in &checks {
        match &check.outcome {
            Ok(()) => println!("ok    {}", check.name),
            Err(why) => println!("FAIL  {}\n      {why}", check.name),
        }
    }
    println!("\n{} of {} checks passed.", checks.len() - failed, checks.len());
    if failed > 0 {
        std::process::exit(1);
    }
}
