//! Parts of the app fetched when first needed: each split point's code is a chunk that
//! `scripts/build_wasm.py` cuts out of the wasm, fetched (or taken from the service worker's cache) at the
//! first call.

use leptos::wasm_split::SplitLoaderError;

/// A chunk could not be fetched (the network went before the service worker stored it, or a newer version
/// was deployed and the old chunk is gone). Nothing is cached: the next call tries again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkFailed;

impl From<SplitLoaderError> for ChunkFailed {
    fn from(_: SplitLoaderError) -> Self {
        ChunkFailed
    }
}
