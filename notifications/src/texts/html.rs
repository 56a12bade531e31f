//! The HTML part of a message: the same words as the plain text, escaped, in markup that
//! mail clients render without styles or scripts.

/// The page of a message written in `language` (a BCP 47 tag).
pub fn page(
    language: &str,
    greeting: &str,
    paragraphs: &[String],
    action: &str,
    url: &str,
    signature: &str,
    footer: &[String],
) -> String {
    // The language lets a screen reader speak the words with the right voice.
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n",
        escape(language)
    );
    out.push_str(&format!("<p>{}</p>\n", escape(greeting)));
    for paragraph in paragraphs {
        let lines: Vec<String> = paragraph.lines().map(escape).collect();
        out.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
    }
    out.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n",
        escape(url),
        escape(action)
    ));
    out.push_str(&format!("<p>{}</p>\n", escape(signature)));
    out.push_str("<hr>\n");
    for line in footer {
        out.push_str(&format!("<p><small>{}</small></p>\n", escape(line)));
    }
    out.push_str("</body></html>\n");
    out
}

/// `text` with the characters HTML gives meaning to written as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
