//! Entry point of the browser app; natively there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    partner_accounts::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is a web app: build it with `trunk build` and open it in a browser (see README.md).");
}
