//! A minimal JSON reader for test fixtures (labels.json); no dependency.

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

pub fn parse(text: &str) -> Result<Json, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let v = value(&chars, &mut i)?;
    skip_ws(&chars, &mut i);
    if i != chars.len() {
        return Err(format!("trailing text at {i}"));
    }
    Ok(v)
}

fn skip_ws(c: &[char], i: &mut usize) {
    while *i < c.len() && c[*i].is_whitespace() {
        *i += 1;
    }
}

fn value(c: &[char], i: &mut usize) -> Result<Json, String> {
    skip_ws(c, i);
    match c.get(*i) {
        Some('{') => {
            *i += 1;
            let mut m = Vec::new();
            skip_ws(c, i);
            if c.get(*i) == Some(&'}') {
                *i += 1;
                return Ok(Json::Obj(m));
            }
            loop {
                skip_ws(c, i);
                let Json::Str(k) = string(c, i)? else {
                    unreachable!()
                };
                skip_ws(c, i);
                if c.get(*i) != Some(&':') {
                    return Err(format!("expected ':' at {i}"));
                }
                *i += 1;
                let v = value(c, i)?;
                m.push((k, v));
                skip_ws(c, i);
                match c.get(*i) {
                    Some(',') => *i += 1,
                    Some('}') => {
                        *i += 1;
                        return Ok(Json::Obj(m));
                    }
                    _ => return Err(format!("expected ',' or '}}' at {i}")),
                }
            }
        }
        Some('[') => {
            *i += 1;
            let mut a = Vec::new();
            skip_ws(c, i);
            if c.get(*i) == Some(&']') {
                *i += 1;
                return Ok(Json::Arr(a));
            }
            loop {
                a.push(value(c, i)?);
                skip_ws(c, i);
                match c.get(*i) {
                    Some(',') => *i += 1,
                    Some(']') => {
                        *i += 1;
                        return Ok(Json::Arr(a));
                    }
                    _ => return Err(format!("expected ',' or ']' at {i}")),
                }
            }
        }
        Some('"') => string(c, i),
        Some('t') => word(c, i, "true", Json::Bool(true)),
        Some('f') => word(c, i, "false", Json::Bool(false)),
        Some('n') => word(c, i, "null", Json::Null),
        Some(_) => {
            let start = *i;
            while *i < c.len() && "+-0123456789.eE".contains(c[*i]) {
                *i += 1;
            }
            let s: String = c[start..*i].iter().collect();
            s.parse()
                .map(Json::Num)
                .map_err(|_| format!("bad number at {start}"))
        }
        None => Err("unexpected end".into()),
    }
}

fn word(c: &[char], i: &mut usize, w: &str, v: Json) -> Result<Json, String> {
    let s: String = c[*i..(*i + w.len()).min(c.len())].iter().collect();
    if s == w {
        *i += w.len();
        Ok(v)
    } else {
        Err(format!("bad literal at {i}"))
    }
}

fn string(c: &[char], i: &mut usize) -> Result<Json, String> {
    if c.get(*i) != Some(&'"') {
        return Err(format!("expected string at {i}"));
    }
    *i += 1;
    let mut s = String::new();
    while let Some(&ch) = c.get(*i) {
        *i += 1;
        match ch {
            '"' => return Ok(Json::Str(s)),
            '\\' => {
                let e = c.get(*i).copied().ok_or("bad escape")?;
                *i += 1;
                match e {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let hex: String = c[*i..*i + 4].iter().collect();
                        *i += 4;
                        let mut code = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                        if (0xD800..0xDC00).contains(&code) && c.get(*i) == Some(&'\\') {
                            let lo: String = c[*i + 2..*i + 6].iter().collect();
                            let lo = u32::from_str_radix(&lo, 16).map_err(|e| e.to_string())?;
                            *i += 6;
                            code = 0x10000 + ((code - 0xD800) << 10) + (lo - 0xDC00);
                        }
                        s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    other => s.push(other),
                }
            }
            ch => s.push(ch),
        }
    }
    Err("unterminated string".into())
}
