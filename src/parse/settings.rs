//! Diagram settings: `%%{init: …}%%` directives (JSON, single quotes
//! allowed) and `---` YAML front matter, read into [`Config`].
//!
//! Both readers are small and forgiving: a directive or front matter that
//! cannot be read becomes a warning, as in Mermaid, never a parse error.

use crate::model::{Config, Curve};

/// A JSON/YAML value, as much of it as the settings need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A string, number, boolean or null, as text.
    Scalar(String),
    /// A list.
    List(Vec<Value>),
    /// A map in source order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The entry `key` of a map.
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The scalar text.
    fn text(&self) -> Option<&str> {
        match self {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A number, allowing a `px` suffix.
    fn number(&self) -> Option<f32> {
        let t = self.text()?.trim();
        let t = t.strip_suffix("px").unwrap_or(t);
        t.trim().parse::<f32>().ok().filter(|v| v.is_finite())
    }
}

/// Reads a `%%{ … }%%` body: `init: {…}`, `initialize: {…}`, `wrap`.
/// Returns the config, or a message if it cannot be read.
pub(crate) fn directive(body: &str) -> Result<Option<Config>, String> {
    let body = body.trim();
    let (name, rest) = match body.find(':') {
        Some(k) => (body[..k].trim(), Some(body[k + 1..].trim())),
        None => (body, None),
    };
    let name = name.trim_matches(['"', '\'']);
    match (name, rest) {
        ("init" | "initialize", Some(json)) => {
            let mut p = Json { s: json, pos: 0 };
            let v = p.value()?;
            p.blank();
            if p.pos < p.s.len() {
                return Err(format!(
                    "unexpected text after the init object: '{}'",
                    &p.s[p.pos..]
                ));
            }
            Ok(Some(config_from(&v)))
        }
        ("wrap", None) => Ok(None),
        _ => Err(format!("unknown directive '{name}'")),
    }
}

/// A Mermaid configuration file: one JSON object in the shape
/// `mermaid.initialize` takes. `Err` holds the message and the byte offset
/// where reading stopped.
pub(crate) fn config_file(text: &str) -> Result<Config, (String, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - text.trim_start().len();
    let body = text.trim_start();
    if !body.starts_with('{') {
        return Err(("expected a JSON object '{'".to_string(), skipped));
    }
    let mut p = Json { s: body, pos: 0 };
    let v = p.value().map_err(|m| (m, skipped + p.pos))?;
    p.blank();
    if p.pos < p.s.len() {
        return Err((
            "unexpected text after the configuration object".to_string(),
            skipped + p.pos,
        ));
    }
    Ok(config_from(&v))
}

/// Settings from front matter: `(title, config)`.
pub(crate) fn front_matter(yaml: &str) -> Result<(Option<String>, Config), String> {
    let v = yaml_block(yaml)?;
    let title = v.get("title").and_then(Value::text).map(str::to_string);
    let config = v.get("config").map(config_from).unwrap_or_default();
    Ok((title, config))
}

/// The [`Config`] fields found in a Mermaid config object.
fn config_from(v: &Value) -> Config {
    let mut c = Config::default();
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::text).map(str::to_string);
    c.theme = text(v, "theme");
    c.font_family = text(v, "fontFamily");
    c.theme_css = text(v, "themeCSS");
    c.font_size = v.get("fontSize").and_then(Value::number);
    if let Some(Value::Map(vars)) = v.get("themeVariables") {
        for (k, val) in vars {
            if let Some(t) = val.text() {
                c.theme_variables.push((k.clone(), t.to_string()));
            }
        }
        if c.font_family.is_none() {
            c.font_family = text(v.get("themeVariables").unwrap_or(v), "fontFamily");
        }
        if c.font_size.is_none() {
            c.font_size = v
                .get("themeVariables")
                .and_then(|t| t.get("fontSize"))
                .and_then(Value::number);
        }
    }
    if let Some(f) = v.get("flowchart") {
        c.curve = f
            .get("curve")
            .and_then(Value::text)
            .and_then(Curve::from_name);
        c.node_spacing = f.get("nodeSpacing").and_then(Value::number);
        c.rank_spacing = f.get("rankSpacing").and_then(Value::number);
        c.wrapping_width = f.get("wrappingWidth").and_then(Value::number);
        c.diagram_padding = f.get("diagramPadding").and_then(Value::number);
    }
    c.sequence = sequence_from(v);
    c
}

/// The `sequence` section of a config object, and its global `wrap`.
fn sequence_from(v: &Value) -> crate::model::SequenceConfig {
    let flag = |v: &Value, k: &str| match v.get(k).and_then(Value::text).map(str::trim) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    let mut c = crate::model::SequenceConfig {
        wrap: flag(v, "wrap"),
        ..Default::default()
    };
    let Some(s) = v.get("sequence") else {
        return c;
    };
    let num = |k: &str| s.get(k).and_then(Value::number);
    let text = |k: &str| s.get(k).and_then(Value::text).map(str::to_string);
    c.mirror_actors = flag(s, "mirrorActors");
    c.right_angles = flag(s, "rightAngles");
    c.show_sequence_numbers = flag(s, "showSequenceNumbers");
    c.wrap = flag(s, "wrap").or(c.wrap);
    c.actor_margin = num("actorMargin");
    c.width = num("width");
    c.height = num("height");
    c.box_margin = num("boxMargin");
    c.box_text_margin = num("boxTextMargin");
    c.note_margin = num("noteMargin");
    c.message_margin = num("messageMargin");
    c.diagram_margin_x = num("diagramMarginX");
    c.diagram_margin_y = num("diagramMarginY");
    c.actor_font_size = num("actorFontSize");
    c.note_font_size = num("noteFontSize");
    c.message_font_size = num("messageFontSize");
    c.activation_width = num("activationWidth");
    c.message_align = text("messageAlign");
    c.note_align = text("noteAlign");
    c
}

/// A forgiving JSON reader: single or double quotes, bare keys, trailing
/// commas.
struct Json<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Json<'s> {
    fn rest(&self) -> &'s str {
        &self.s[self.pos..]
    }

    fn blank(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.blank();
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// One value; objects and arrays nest on an explicit stack (no
    /// recursion), limited to a sane depth.
    fn value(&mut self) -> Result<Value, String> {
        enum Frame {
            Map(Vec<(String, Value)>, Option<String>),
            List(Vec<Value>),
        }
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            self.blank();
            let produced = match stack.last_mut() {
                Some(Frame::Map(_, key @ None)) => {
                    if self.eat('}') {
                        match stack.pop() {
                            Some(Frame::Map(m, _)) => Value::Map(m),
                            _ => return Err("settings: broken nesting".to_string()),
                        }
                    } else {
                        let k = self.scalar_text()?;
                        if !self.eat(':') {
                            return Err(format!("expected ':' after key '{k}'"));
                        }
                        *key = Some(k);
                        continue;
                    }
                }
                Some(Frame::List(_)) if self.eat(']') => match stack.pop() {
                    Some(Frame::List(l)) => Value::List(l),
                    _ => return Err("settings: broken nesting".to_string()),
                },
                _ => {
                    if stack.len() > 64 {
                        return Err("settings nested too deeply".to_string());
                    }
                    if self.eat('{') {
                        stack.push(Frame::Map(Vec::new(), None));
                        continue;
                    }
                    if self.eat('[') {
                        stack.push(Frame::List(Vec::new()));
                        continue;
                    }
                    Value::Scalar(self.scalar_text()?)
                }
            };
            match stack.last_mut() {
                None => return Ok(produced),
                Some(Frame::Map(m, key)) => {
                    let k = key.take().unwrap_or_default();
                    m.push((k, produced));
                }
                Some(Frame::List(l)) => l.push(produced),
            }
            self.eat(',');
        }
    }

    /// A quoted string or a bare word (number, true, key).
    fn scalar_text(&mut self) -> Result<String, String> {
        self.blank();
        let r = self.rest();
        let Some(q) = r.chars().next() else {
            return Err("unexpected end of the settings".to_string());
        };
        if q == '"' || q == '\'' {
            let body = &r[1..];
            let mut out = String::new();
            let mut chars = body.char_indices();
            while let Some((k, c)) = chars.next() {
                if c == q {
                    self.pos += 1 + k + 1;
                    return Ok(out);
                }
                if c == '\\' {
                    if let Some((_, e)) = chars.next() {
                        out.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                } else {
                    out.push(c);
                }
            }
            return Err("unclosed string in the settings".to_string());
        }
        let n = r
            .find(|c: char| matches!(c, ',' | ':' | '}' | ']' | '{' | '[') || c.is_whitespace())
            .unwrap_or(r.len());
        if n == 0 {
            return Err(format!("unexpected '{q}' in the settings"));
        }
        self.pos += n;
        Ok(r[..n].to_string())
    }
}

/// One map being read from block YAML.
struct Level {
    /// Indent of the key line that opened it (-1 for the root).
    parent_indent: isize,
    /// Indent of its entries, known from its first line.
    indent: Option<isize>,
    /// Its entries.
    entries: Vec<(String, Value)>,
    /// Its key in the parent map.
    key: String,
}

/// Reads block YAML: `key: value` lines, nested maps by indentation, `#`
/// comments, flow values (`{…}`, `[…]`) via the JSON reader. Lines it does
/// not understand (list items, block scalars) are skipped.
pub(crate) fn yaml_block(text: &str) -> Result<Value, String> {
    let mut stack = vec![Level {
        parent_indent: -1,
        indent: None,
        entries: Vec::new(),
        key: String::new(),
    }];
    for raw in text.lines() {
        let line = strip_comment(raw).trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let ind = (line.len() - line.trim_start().len()) as isize;
        let line = line.trim_start();
        loop {
            let depth = stack.len();
            let top = stack.last_mut().expect("root level");
            match top.indent {
                None if ind > top.parent_indent || depth == 1 => {
                    top.indent = Some(ind);
                    break;
                }
                Some(t) if ind >= t || depth == 1 => break,
                _ => close_level(&mut stack),
            }
        }
        let Some(colon) = find_key_colon(line) else {
            continue;
        };
        let key = unquote(line[..colon].trim());
        let val = line[colon + 1..].trim();
        if val.is_empty() {
            if stack.len() > 64 {
                return Err("front matter nested too deeply".to_string());
            }
            stack.push(Level {
                parent_indent: ind,
                indent: None,
                entries: Vec::new(),
                key,
            });
            continue;
        }
        let value = if val.starts_with('{') || val.starts_with('[') {
            let mut p = Json { s: val, pos: 0 };
            p.value()?
        } else {
            Value::Scalar(unquote(val))
        };
        stack
            .last_mut()
            .expect("root level")
            .entries
            .push((key, value));
    }
    while stack.len() > 1 {
        close_level(&mut stack);
    }
    Ok(Value::Map(
        stack.pop().map(|l| l.entries).unwrap_or_default(),
    ))
}

/// Pops one nested map into its parent under its key.
fn close_level(stack: &mut Vec<Level>) {
    if stack.len() < 2 {
        return;
    }
    if let Some(level) = stack.pop() {
        let value = if level.entries.is_empty() {
            Value::Scalar(String::new())
        } else {
            Value::Map(level.entries)
        };
        if let Some(parent) = stack.last_mut() {
            parent.entries.push((level.key, value));
        }
    }
}

/// The `:` ending a YAML key (outside quotes, followed by a blank or the end).
fn find_key_colon(line: &str) -> Option<usize> {
    let mut quote = None;
    for (k, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ':' => {
                let next = line[k + 1..].chars().next();
                if next.is_none_or(char::is_whitespace) {
                    return Some(k);
                }
            }
            None => {}
        }
    }
    None
}

/// Drops a ` #` comment (outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev_blank = true;
    for (k, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_blank => return &line[..k],
            None => {}
        }
        prev_blank = c.is_whitespace();
    }
    line
}

/// Removes one pair of matching quotes.
fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}
