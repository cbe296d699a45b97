//! Static assets: the WebAssembly, JavaScript and CSS under `<site>/pkg`, served
//! precompressed. Brotli at its best setting is too slow to run per request on a 1 MB
//! WebAssembly file, so the server writes `.br` and `.gz` copies once, at start-up, next
//! to each file (again only when the file changed); `ServeDir` then picks the copy the
//! browser accepts.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Extensions worth compressing.
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "svg", "html"];

fn stale(copy: &Path, source_modified: std::time::SystemTime) -> bool {
    copy.metadata().and_then(|m| m.modified()).map_or(true, |m| m < source_modified)
}

/// Writes missing or outdated `.br` and `.gz` copies of the files in `dir`; returns the
/// files it wrote.
pub fn precompress(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(written) };
    for entry in entries {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) || !path.is_file() {
            continue;
        }
        let modified = path.metadata()?.modified()?;
        let br = PathBuf::from(format!("{}.br", path.display()));
        let gz = PathBuf::from(format!("{}.gz", path.display()));
        if !stale(&br, modified) && !stale(&gz, modified) {
            continue;
        }
        let data = std::fs::read(&path)?;
        let mut out = Vec::with_capacity(data.len() / 3);
        {
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
        }
        write_atomically(&br, &out)?;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&data)?;
        write_atomically(&gz, &enc.finish()?)?;
        written.push(path);
    }
    Ok(written)
}

fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = PathBuf::from(format!("{}.tmp{}-{n}", path.display(), std::process::id()));
    std::fs::write(&tmp, data)?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_written_once_and_decompress_to_the_original() {
        let dir = tempfile::tempdir().expect("dir");
        let js = dir.path().join("minping.js");
        let text = "export function hydrate() { return 42; }\n".repeat(200);
        std::fs::write(&js, &text).expect("write");
        std::fs::write(dir.path().join("notes.txt"), "x").expect("write");

        assert_eq!(precompress(dir.path()).expect("first"), vec![js.clone()]);
        assert!(precompress(dir.path()).expect("second").is_empty(), "nothing is redone");

        let br = std::fs::read(dir.path().join("minping.js.br")).expect("br");
        assert!(br.len() < text.len() / 10);
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).expect("decompress");
        assert_eq!(plain, text.as_bytes());
        let gz = std::fs::read(dir.path().join("minping.js.gz")).expect("gz");
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).expect("gunzip");
        assert_eq!(plain, text);
        assert!(!dir.path().join("notes.txt.br").exists());
    }
}
