//! The forms a page shows, read as a browser would send them untouched: each field's name and
//! the value the page gives it (checked radios and boxes only, the selected option or else the
//! first, a textarea's text), so a test can change one field and post the rest as they are.

#[derive(Debug, Clone)]
pub struct PageForm {
    pub action: String,
    #[allow(dead_code)] // read by the tests that post files
    pub multipart: bool,
    pub fields: Vec<(String, String)>,
    /// Names of file fields.
    pub files: Vec<String>,
    /// Names of hidden fields (what the page sends that nobody types).
    pub hidden: Vec<String>,
    /// Each select's option values, and each radio group's unchecked values, in order.
    pub options: Vec<(String, Vec<String>)>,
    /// Every named field once, in page order, and whether it takes a file.
    pub names: Vec<(String, bool)>,
}

impl PageForm {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Sets a field (adding it when the page had none by that name, as a checked radio would).
    pub fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(k, _)| k == name) {
            Some(f) => f.1 = value.to_string(),
            None => self.fields.push((name.to_string(), value.to_string())),
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

pub fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let v = tag[at..].split('"').next()?;
    Some(unescape(v))
}

fn has_flag(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '>' || c == '/').any(|w| w == name)
}

/// Every POST form of a page (its action without query or fragment; the page's own path when
/// it names none).
pub fn forms(page_path: &str, html: &str) -> Vec<PageForm> {
    let mut out = vec![];
    for chunk in html.split("<form").skip(1) {
        let Some(end) = chunk.find("</form>") else { continue };
        let body = &chunk[..end];
        let tag = &body[..body.find('>').unwrap_or(0)];
        if attr(tag, "method").is_some_and(|m| !m.eq_ignore_ascii_case("post")) {
            continue;
        }
        let action = attr(tag, "action").unwrap_or_else(|| page_path.to_string());
        let action = action.split(['?', '#']).next().unwrap_or_default().to_string();
        let mut form = PageForm {
            action,
            multipart: attr(tag, "enctype").is_some_and(|e| e.contains("multipart")),
            fields: vec![],
            files: vec![],
            hidden: vec![],
            options: vec![],
            names: vec![],
        };
        let mut rest = body;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let tag_end = rest.find('>').unwrap_or(rest.len());
            let tag = format!(" {}", &rest[..tag_end]);
            let Some(name) = attr(&tag, "name") else { continue };
            let is_field = ["input", "select", "textarea"].iter().any(|t| rest.starts_with(t));
            if is_field && !form.names.iter().any(|(n, _)| *n == name) {
                form.names.push((name.clone(), rest.starts_with("input") && tag.contains("type=\"file\"")));
            }
            if rest.starts_with("input") {
                let kind = attr(&tag, "type").unwrap_or_else(|| "text".into());
                match kind.as_str() {
                    "file" => form.files.push(name),
                    "hidden" => {
                        form.hidden.push(name.clone());
                        form.fields.push((name, attr(&tag, "value").unwrap_or_default()));
                    }
                    "radio" if !has_flag(&tag, "checked") => {
                        let value = attr(&tag, "value").unwrap_or_default();
                        match form.options.iter_mut().find(|(n, _)| *n == name) {
                            Some((_, values)) => values.push(value),
                            None => form.options.push((name, vec![value])),
                        }
                    }
                    "checkbox" if !has_flag(&tag, "checked") => {}
                    "radio" | "checkbox" => form.fields.push((name, attr(&tag, "value").unwrap_or_else(|| "on".into()))),
                    "submit" | "button" => {}
                    _ => form.fields.push((name, attr(&tag, "value").unwrap_or_default())),
                }
            } else if rest.starts_with("textarea") {
                let text = &rest[tag_end + 1..];
                form.fields.push((name, unescape(&text[..text.find("</textarea>").unwrap_or(0)])));
            } else if rest.starts_with("select") {
                let inner = &rest[..rest.find("</select>").unwrap_or(rest.len())];
                let options: Vec<String> =
                    inner.split("<option").skip(1).map(|o| format!(" {}", &o[..o.find('>').unwrap_or(0)])).collect();
                let chosen = options.iter().find(|o| has_flag(o, "selected")).or(options.first());
                form.fields.push((name.clone(), chosen.and_then(|o| attr(o, "value")).unwrap_or_default()));
                form.options.push((name, options.iter().filter_map(|o| attr(o, "value")).collect()));
            }
        }
        out.push(form);
    }
    out
}

/// Every page of the access table that answers 200 to the system admin, with its HTML.
pub async fn admin_pages(f: &crate::access::Fixture, base: &str, cookie: &str) -> Vec<(String, String)> {
    let http = crate::common::client();
    let mut out = vec![];
    for (method, template, _) in crate::access_rules::RULES {
        if *method != "GET" || template.starts_with("/api/") || template.contains(['.', '*']) {
            continue;
        }
        for owner in f.owners(template) {
            let path = f.fill(template, owner, owner);
            let r = http.get(format!("{base}{path}")).header("cookie", cookie).send().await.expect("get");
            if r.status() == 200 {
                out.push((path, r.text().await.expect("page")));
            }
        }
    }
    out
}

/// The one form of a page posting to a path that ends with `suffix`.
pub fn form_to(page_path: &str, html: &str, suffix: &str) -> PageForm {
    let mut found: Vec<PageForm> = forms(page_path, html).into_iter().filter(|f| f.action.ends_with(suffix)).collect();
    assert_eq!(found.len(), 1, "one form posting to …{suffix} on {page_path}");
    found.remove(0)
}
