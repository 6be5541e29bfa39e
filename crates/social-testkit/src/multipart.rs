//! A minimal `multipart/form-data` reader shared by the fakes (media and photo uploads).

/// The parts of a `multipart/form-data` body: `(name, bytes)`. `None` if it is not one, or
/// if it is malformed (a missing delimiter, a part without headers or without a name).
pub(crate) fn multipart(content_type: &str, body: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    if boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    while !rest.starts_with(b"--") {
        let end = find(rest, &delimiter)?;
        let part = rest[..end].strip_prefix(b"\r\n")?;
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let split = find(part, b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&part[..split]);
        let name = headers
            .split(';')
            .find_map(|p| p.trim().strip_prefix("name="))?
            .lines()
            .next()?
            .trim_matches('"')
            .to_owned();
        parts.push((name, part[split + 4..].to_vec()));
        rest = &rest[end + delimiter.len()..];
    }
    Some(parts)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_parts_are_split_on_the_boundary() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"segment_index\"\r\n\r\n3\r\n--xyz\r\nContent-Disposition: form-data; name=\"media\"; filename=\"blob\"\r\nContent-Type: application/octet-stream\r\n\r\nab\r\ncd\r\n--xyz--\r\n";
        let parts = multipart("multipart/form-data; boundary=xyz", body).unwrap();
        assert_eq!(
            parts,
            [
                ("segment_index".to_owned(), b"3".to_vec()),
                ("media".to_owned(), b"ab\r\ncd".to_vec())
            ]
        );
        assert!(multipart("application/json", b"{}").is_none());
    }

    #[test]
    fn malformed_bodies_are_refused_without_panicking() {
        let content_type = "multipart/form-data; boundary=xyz";
        assert!(multipart(content_type, b"").is_none());
        assert!(multipart(content_type, b"--xyz\r\nno headers end").is_none());
        assert!(multipart(content_type, b"--xyz\r\nX: y\r\n\r\nbody").is_none());
        assert!(multipart("multipart/form-data; boundary=", b"----").is_none());
    }
}
