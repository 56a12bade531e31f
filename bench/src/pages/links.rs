//! The links of a page, as a browser would follow them: every `href` of the page, and
//! those of a route's shape (`/applications/{uuid}/review`).

/// The page's links to its own site (`href="/…"`), in the order they appear, with the
/// HTML escapes of a query (`&amp;`) undone.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|link| link.starts_with('/') && !link.starts_with("//"))
        .map(|link| link.replace("&amp;", "&"))
        .collect()
}

/// The page's links of `shape`, in the order they appear, each once. A shape is a path
/// whose segments are either literal or one of `{uuid}`, `{n}` (digits) and `{word}`
/// (lower-case letters, digits and `_`); a link with a query never matches.
pub fn shaped(html: &str, shape: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for link in links(html) {
        if matches(&link, shape) && !found.contains(&link) {
            found.push(link);
        }
    }
    found
}

/// The first link of `shape` on the page.
pub fn first(html: &str, shape: &str) -> Option<String> {
    shaped(html, shape).into_iter().next()
}

/// The first segment of `link` that is a UUID: the id the page is about.
pub fn uuid_in(link: &str) -> Option<&str> {
    link.split('/').find(|segment| is_uuid(segment))
}

fn matches(link: &str, shape: &str) -> bool {
    if link.contains(['?', '#']) {
        return false;
    }
    let (mut segments, mut wanted) = (link.split('/'), shape.split('/'));
    loop {
        match (segments.next(), wanted.next()) {
            (None, None) => return true,
            (Some(segment), Some(want)) => {
                let fits = match want {
                    "{uuid}" => is_uuid(segment),
                    "{n}" => !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()),
                    "{word}" => {
                        !segment.is_empty()
                            && segment
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                    }
                    literal => segment == literal,
                };
                if !fits {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Whether `text` is a UUID as the pages write one (lower-case, hyphenated).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

#[cfg(test)]
mod tests {
    use super::{first, links, shaped, uuid_in};

    const ID: &str = "0191f3c2-7d4e-7a1b-9c2d-3e4f5a6b7c8d";

    #[test]
    fn links_are_read_in_order_with_their_query_unescaped() {
        let html = r#"<a href="/register?page=2&amp;record=1">n</a> <a href="https://x.example/">x</a> <link href="/static/s.css">"#;
        assert_eq!(links(html), ["/register?page=2&record=1", "/static/s.css"]);
    }

    #[test]
    fn a_shape_takes_only_links_of_its_route() {
        let html = format!(
            r#"<a href="/applications/{ID}/review">a</a>
               <a href="/applications/{ID}/review/feasibility_study/2">b</a>
               <a href="/applications/{ID}/review">again</a>
               <a href="/applications/not-an-id/review">c</a>
               <a href="/applications/{ID}/audit?after=4">d</a>"#
        );
        assert_eq!(
            shaped(&html, "/applications/{uuid}/review"),
            [format!("/applications/{ID}/review")]
        );
        assert_eq!(
            first(&html, "/applications/{uuid}/review/{word}/{n}"),
            Some(format!("/applications/{ID}/review/feasibility_study/2"))
        );
        assert_eq!(first(&html, "/applications/{uuid}/audit"), None);
    }

    #[test]
    fn the_id_of_a_link_is_its_first_uuid() {
        assert_eq!(uuid_in(&format!("/votes/{ID}/recusal")), Some(ID));
        assert_eq!(uuid_in("/deliveries"), None);
    }
}
