//! Diagram settings: `---` YAML front matter, `%%{init: …}%%` directives
//! and Mermaid configuration files, read into [`Config`].
//!
//! Each is read the way Mermaid reads it, with a well-kept parser:
//! - front matter is YAML 1.2 (`saphyr-parser`); Mermaid loads it with
//!   js-yaml's JSON schema, so anchors and aliases work but `<<` is an
//!   ordinary key, not a merge;
//! - a directive body is JSON once every `'` is turned into `"`, which is
//!   the rewrite Mermaid's `detectDirective` makes before `JSON.parse`;
//! - a configuration file is plain JSON, as `mmdc` reads it.
//!
//! Every error carries the byte offset where reading stopped, so the caller
//! can point at it. A directive or front matter that cannot be read becomes
//! a warning there, never a parse error.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};
use serde_core::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::config::{Config, Curve};

/// Deepest nesting of lists and maps taken from front matter (Mermaid's
/// settings are three levels deep).
const MAX_DEPTH: usize = 64;

/// Most nodes that aliases may copy in one front matter, so a few nested
/// anchors cannot expand into gigabytes ("billion laughs").
const MAX_ALIAS_NODES: usize = 10_000;

/// A JSON/YAML value, as much of it as the settings need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null`, `~` or nothing at all.
    Null,
    /// A string, number or boolean, as text.
    Scalar(String),
    /// A list.
    List(Vec<Value>),
    /// A map in source order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The entry `key` of a map (the last one, as in JavaScript).
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

    /// How many values this one holds, itself included.
    fn size(&self) -> usize {
        1 + match self {
            Value::List(l) => l.iter().map(Value::size).sum(),
            Value::Map(m) => m.iter().map(|(_, v)| v.size()).sum(),
            Value::Null | Value::Scalar(_) => 0,
        }
    }
}

/// Settings text that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unreadable {
    /// What is wrong, without a position.
    pub message: String,
    /// Byte offset in the text read where the reader stopped.
    pub at: usize,
    /// A guess at the fix.
    pub hint: Option<&'static str>,
}

impl Unreadable {
    fn new(message: impl Into<String>, at: usize) -> Self {
        Unreadable {
            message: message.into(),
            at,
            hint: None,
        }
    }
}

/// Reads a `%%{ … }%%` body: `init: {…}`, `initialize: {…}`, `wrap`.
/// Returns the config, or why it cannot be read (`at` is an offset in
/// `body`).
pub(crate) fn directive(body: &str) -> Result<Option<Config>, Unreadable> {
    let lead = body.len() - body.trim_start().len();
    let trimmed = body.trim();
    let (name, rest) = match trimmed.find(':') {
        Some(k) => (trimmed[..k].trim(), Some(&trimmed[k + 1..])),
        None => (trimmed, None),
    };
    match (name, rest) {
        ("init" | "initialize", Some(rest)) => {
            let json = rest.trim_start();
            let offset = lead + (trimmed.len() - json.len());
            // Mermaid turns every single quote into a double one (even
            // inside strings), then reads JSON. The rewrite keeps byte
            // offsets, so errors point into the original text.
            let json = json.replace('\'', "\"");
            let v = json_value(&json).map_err(|e| {
                let mut error = json_error(&json, &e);
                error.at += offset;
                error
            })?;
            Ok(Some(config_from(&v)))
        }
        ("wrap", None) => Ok(None),
        _ => Err(Unreadable::new(format!("unknown directive '{name}'"), lead)),
    }
}

/// A Mermaid configuration file: one JSON object in the shape
/// `mermaid.initialize` takes (a leading byte order mark is skipped).
pub(crate) fn config_file(text: &str) -> Result<Config, Unreadable> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let v = json_value(body).map_err(|e| {
        let mut error = json_error(body, &e);
        error.at += bom;
        if e.is_syntax() {
            error.hint = Some(
                "a configuration file is strict JSON, as mmdc reads it: double-quoted keys and strings, no comments, no trailing commas",
            );
        }
        error
    })?;
    if !matches!(v, Value::Map(_)) {
        let at = bom + body.len() - body.trim_start().len();
        return Err(Unreadable::new("expected a JSON object '{'", at));
    }
    Ok(config_from(&v))
}

/// Settings from front matter: `(title, config)`.
pub(crate) fn front_matter(yaml: &str) -> Result<(Option<String>, Config), Unreadable> {
    let v = yaml_value(yaml)?;
    // Mermaid keeps a title only when it is truthy, as text.
    let title = v
        .get("title")
        .and_then(Value::text)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
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
    c.markdown_auto_wrap = flag(v, "markdownAutoWrap");
    c.html_labels = flag(v, "htmlLabels");
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
        // Mermaid reads the top-level key first (getEffectiveHtmlLabels).
        c.html_labels = c.html_labels.or(flag(f, "htmlLabels"));
    }
    c.sequence = sequence_from(v);
    if let Some(st) = v.get("state") {
        c.state.node_spacing = st.get("nodeSpacing").and_then(Value::number);
        c.state.rank_spacing = st.get("rankSpacing").and_then(Value::number);
    }
    if let Some(k) = v.get("class") {
        c.class = crate::config::ClassConfig {
            hierarchical_namespaces: flag(k, "hierarchicalNamespaces"),
            hide_empty_members_box: flag(k, "hideEmptyMembersBox"),
            node_spacing: k.get("nodeSpacing").and_then(Value::number),
            rank_spacing: k.get("rankSpacing").and_then(Value::number),
            diagram_padding: k.get("diagramPadding").and_then(Value::number),
        };
    }
    if let Some(k) = v.get("pie") {
        c.pie.text_position = k.get("textPosition").and_then(Value::number);
    }
    if let Some(k) = v.get("journey") {
        c.journey.max_label_width = k.get("maxLabelWidth").and_then(Value::number);
    }
    if let Some(k) = v.get("timeline") {
        c.timeline.disable_multicolor = flag(k, "disableMulticolor");
    }
    if let Some(k) = v.get("er") {
        c.er = crate::config::ErConfig {
            min_entity_width: k.get("minEntityWidth").and_then(Value::number),
            min_entity_height: k.get("minEntityHeight").and_then(Value::number),
            entity_padding: k.get("entityPadding").and_then(Value::number),
            node_spacing: k.get("nodeSpacing").and_then(Value::number),
            rank_spacing: k.get("rankSpacing").and_then(Value::number),
            diagram_padding: k.get("diagramPadding").and_then(Value::number),
            font_size: k.get("fontSize").and_then(Value::number),
            layout_direction: match k.get("layoutDirection").and_then(Value::text).map(str::trim) {
                Some("TB" | "TD") => Some(crate::layout::Direction::TopBottom),
                Some("BT") => Some(crate::layout::Direction::BottomTop),
                Some("LR") => Some(crate::layout::Direction::LeftRight),
                Some("RL") => Some(crate::layout::Direction::RightLeft),
                _ => None,
            },
        };
    }
    c
}

/// A boolean setting written as `true`/`false` (or their strings).
fn flag(v: &Value, k: &str) -> Option<bool> {
    match v.get(k).and_then(Value::text).map(str::trim) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

/// The `sequence` section of a config object, and its global `wrap`.
fn sequence_from(v: &Value) -> crate::config::SequenceConfig {
    let flag = |v: &Value, k: &str| match v.get(k).and_then(Value::text).map(str::trim) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    let mut c = crate::config::SequenceConfig {
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
    c.hide_unused_participants = flag(s, "hideUnusedParticipants");
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
    c.activation_width = num("activationWidth");
    c.message_align = text("messageAlign");
    c.note_align = text("noteAlign");
    c.actor_font_weight = text("actorFontWeight");
    c.note_font_weight = text("noteFontWeight");
    c.message_font_weight = text("messageFontWeight");
    c.label_box_width = num("labelBoxWidth");
    c.label_box_height = num("labelBoxHeight");
    c.bottom_margin_adj = num("bottomMarginAdj");
    c.wrap_padding = num("wrapPadding");
    c.force_menus = flag(s, "forceMenus");
    c
}

// ---------------------------------------------------------------- JSON

/// One JSON document (serde_json: strict RFC 8259, nesting limited to 128).
fn json_value(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<Value>(text)
}

/// A serde_json error as an [`Unreadable`] at its byte offset in `text`.
fn json_error(text: &str, e: &serde_json::Error) -> Unreadable {
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = e.to_string();
    let message = message.strip_suffix(&position).unwrap_or(&message);
    Unreadable::new(message, line_column_offset(text, e.line(), e.column()))
}

/// The byte offset of serde_json's 1-based `line` and byte `column`
/// (0 when the error is at a line break).
fn line_column_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// Builds a [`Value`] straight from serde_json's events, so maps keep their
/// source order (serde_json's own map would sort them).
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // Display gives the shortest text that reads back the same, as
        // JavaScript's String(number) does for everyday numbers.
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Scalar(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Scalar(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

// ---------------------------------------------------------------- YAML

/// A list or map being read from YAML events.
enum Open {
    List(Vec<Value>),
    Map {
        entries: Vec<(String, Value)>,
        /// Keys seen so far: js-yaml refuses a key given twice.
        seen: HashSet<String>,
        /// The key waiting for its value, and where it started.
        key: Option<(String, usize)>,
    },
}

/// One YAML document as a [`Value`], built from `saphyr-parser`'s events
/// on an explicit stack (no recursion), as js-yaml's JSON schema reads it:
/// plain `null`, `~` and nothing are null, every other scalar is text,
/// aliases copy their anchor, `<<` is an ordinary key, a key given twice
/// and a tag outside the core schema are errors.
fn yaml_value(text: &str) -> Result<Value, Unreadable> {
    // saphyr counts characters; we count bytes.
    let byte_at = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(b, _)| b)
    };
    let scan_error = |e: ScanError| Unreadable::new(e.info(), byte_at(e.marker().index()));
    let mut stack: Vec<(Open, usize)> = Vec::new();
    let mut anchors: BTreeMap<usize, Value> = BTreeMap::new();
    let mut alias_budget = MAX_ALIAS_NODES;
    let mut root = Value::Null;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(scan_error)?;
        let at = byte_at(span.start.index());
        let (value, anchor) = match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) => {
                continue
            }
            // The front matter ends at its closing `---`: one document.
            Event::DocumentEnd => break,
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if let Some(tag) = tag.as_deref().filter(|t| !known_tag(t)) {
                    return Err(Unreadable::new(format!("unknown tag '{tag}'"), at));
                }
                if stack.len() == MAX_DEPTH {
                    return Err(Unreadable::new("front matter nested too deeply", at));
                }
                let open = if matches!(event, Event::SequenceStart(..)) {
                    Open::List(Vec::new())
                } else {
                    Open::Map {
                        entries: Vec::new(),
                        seen: HashSet::new(),
                        key: None,
                    }
                };
                stack.push((open, anchor));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some((Open::List(items), anchor)) => (Value::List(items), anchor),
                Some((Open::Map { entries, .. }, anchor)) => (Value::Map(entries), anchor),
                None => return Err(Unreadable::new("unbalanced YAML events", at)),
            },
            Event::Scalar(text, style, anchor, tag) => {
                (scalar(&text, style, tag.as_deref(), at)?, anchor)
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(Unreadable::new(
                        "an alias refers to its own anchor, which is not finished",
                        at,
                    ));
                };
                alias_budget = alias_budget
                    .checked_sub(target.size())
                    .ok_or_else(|| Unreadable::new("aliases expand to too many values", at))?;
                (target.clone(), 0)
            }
        };
        if anchor > 0 {
            anchors.insert(anchor, value.clone());
        }
        match stack.last_mut() {
            None => root = value,
            Some((Open::List(items), _)) => items.push(value),
            Some((Open::Map { entries, seen, key }, _)) => match key.take() {
                None => {
                    let name = match value {
                        Value::Scalar(s) => s,
                        Value::Null => "null".to_string(),
                        Value::List(_) | Value::Map(_) => {
                            return Err(Unreadable::new("a key must be a plain value", at))
                        }
                    };
                    *key = Some((name, at));
                }
                Some((name, key_at)) => {
                    if !seen.insert(name.clone()) {
                        return Err(Unreadable::new(format!("key '{name}' given twice"), key_at));
                    }
                    entries.push((name, value));
                }
            },
        }
    }
    Ok(root)
}

/// A tag js-yaml's JSON schema knows: the core schema's (`!!str`, …) or
/// the non-specific `!`.
fn known_tag(tag: &Tag) -> bool {
    tag.is_yaml_core_schema() || (tag.handle == "!" && tag.suffix.is_empty())
}

/// A scalar as js-yaml's JSON schema reads it: a plain `null`, `Null`,
/// `NULL`, `~` or nothing is null, anything else is text.
fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: usize,
) -> Result<Value, Unreadable> {
    match tag {
        Some(t) if !known_tag(t) => Err(Unreadable::new(format!("unknown tag '{t}'"), at)),
        Some(t) if t.is_yaml_core_schema() && t.suffix == "null" => Ok(Value::Null),
        Some(_) => Ok(Value::Scalar(text.to_string())),
        None if style == ScalarStyle::Plain
            && matches!(text, "" | "~" | "null" | "Null" | "NULL") =>
        {
            Ok(Value::Null)
        }
        None => Ok(Value::Scalar(text.to_string())),
    }
}
