//! Local pictures for `image` nodes: read from one permitted folder and
//! turned into `data:` URIs, so the SVG stays self-contained. Web addresses
//! are never fetched.

use std::path::Path;

/// Largest picture we embed.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// A `data:` URI for the picture at `reference`, a path relative to (and
/// inside) `dir`. Fails, with the reason, for web addresses, when no folder
/// is permitted, for paths that leave it, for kinds that are not pictures,
/// and for unreadable or oversized files.
pub fn local(reference: &str, dir: Option<&Path>) -> Result<String, String> {
    let reference = reference.trim();
    if reference.contains("://") || reference.starts_with("//") {
        return Err("web addresses are never fetched".into());
    }
    let dir = dir.ok_or("local pictures are read only next to an input file")?;
    let mime = match Path::new(reference)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        _ => return Err("not a .png, .jpg, .gif, .webp or .svg file".into()),
    };
    let root = dir
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", dir.display()))?;
    let path = root
        .join(reference)
        .canonicalize()
        .map_err(|e| format!("cannot open it: {e}"))?;
    if !path.starts_with(&root) {
        return Err("it lies outside the diagram's folder".into());
    }
    let size = std::fs::metadata(&path)
        .map_err(|e| format!("cannot open it: {e}"))?
        .len();
    if size > MAX_BYTES {
        return Err(format!("it is larger than {} MiB", MAX_BYTES >> 20));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read it: {e}"))?;
    Ok(format!("data:{mime};base64,{}", base64(&bytes)))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn only_pictures_inside_the_folder_are_read() {
        let dir = std::env::temp_dir().join(format!("mr-images-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/pic.png"), b"\x89PNG").unwrap();
        std::fs::write(dir.join("notes.txt"), b"secret").unwrap();
        let got = local("sub/pic.png", Some(&dir)).unwrap();
        assert_eq!(got, "data:image/png;base64,iVBORw==");
        assert!(local("notes.txt", Some(&dir)).is_err());
        assert!(local("../../../etc/hostname.png", Some(&dir)).is_err());
        assert!(local("sub/pic.png", None).is_err());
        assert!(local("https://example.com/a.png", Some(&dir)).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
