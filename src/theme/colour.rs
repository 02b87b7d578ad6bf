//! CSS colours and the operations Mermaid's themes derive colours with.
//!
//! Mermaid computes its theme variables with the khroma library: `lighten`
//! and `darken` move the HSL lightness, `adjust` moves hue, saturation and
//! lightness, `invert` takes `255 - channel` in RGB. This is our own small
//! implementation of the same definitions: channels stay `f64` between
//! steps (khroma keeps fractions too) and are rounded only when written, as
//! a browser rounds the `hsl(…)` strings Mermaid emits.

/// A colour: red, green, blue in `0..=255` (fractions allowed), alpha in
/// `0..=1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour {
    /// Red.
    pub r: f64,
    /// Green.
    pub g: f64,
    /// Blue.
    pub b: f64,
    /// Opacity.
    pub a: f64,
}

impl Colour {
    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(v: u32) -> Colour {
        Colour {
            r: ((v >> 16) & 0xff) as f64,
            g: ((v >> 8) & 0xff) as f64,
            b: (v & 0xff) as f64,
            a: 1.0,
        }
    }

    /// A colour with an alpha channel.
    pub const fn rgba(r: u8, g: u8, b: u8, a: f64) -> Colour {
        Colour {
            r: r as f64,
            g: g as f64,
            b: b as f64,
            a,
        }
    }

    /// Parses a CSS colour (`#rgb`, `#rrggbb`, `rgb()`, `rgba()`, `hsl()`,
    /// a colour keyword, `transparent`).
    pub fn parse(css: &str) -> Option<Colour> {
        let c: svgtypes::Color = css.trim().parse().ok()?;
        Some(Colour {
            r: c.red.into(),
            g: c.green.into(),
            b: c.blue.into(),
            // svgtypes keeps alpha in 1/255 steps; written alphas have two
            // decimals, so snap back to them.
            a: (f64::from(c.alpha) / 255.0 * 100.0).round() / 100.0,
        })
    }

    /// Hue in degrees `0..360`, saturation and lightness in percent.
    fn hsl(self) -> (f64, f64, f64) {
        let (r, g, b) = (self.r / 255.0, self.g / 255.0, self.b / 255.0);
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l * 100.0);
        }
        let d = max - min;
        let s = if l > 0.5 {
            d / (2.0 - max - min)
        } else {
            d / (max + min)
        };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h * 60.0, s * 100.0, l * 100.0)
    }

    /// The colour with hue `h` (degrees), saturation `s` and lightness `l`
    /// (percent), and alpha `a`.
    fn from_hsl(h: f64, s: f64, l: f64, a: f64) -> Colour {
        if s == 0.0 {
            let v = l * 2.55;
            return Colour {
                r: v,
                g: v,
                b: v,
                a,
            };
        }
        let (h, s, l) = (h.rem_euclid(360.0) / 360.0, s / 100.0, l / 100.0);
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let channel = |t: f64| {
            let t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            v * 255.0
        };
        Colour {
            r: channel(h + 1.0 / 3.0),
            g: channel(h),
            b: channel(h - 1.0 / 3.0),
            a,
        }
    }

    /// khroma's `adjust(c, { h, s, l })`: adds to hue (wrapping) and to
    /// saturation and lightness (clamped to `0..=100`).
    pub fn adjust(self, dh: f64, ds: f64, dl: f64) -> Colour {
        let (h, s, l) = self.hsl();
        Colour::from_hsl(
            h + dh,
            (s + ds).clamp(0.0, 100.0),
            (l + dl).clamp(0.0, 100.0),
            self.a,
        )
    }

    /// khroma's `lighten(c, amount)`: lightness plus `amount` percent.
    pub fn lighten(self, amount: f64) -> Colour {
        self.adjust(0.0, 0.0, amount)
    }

    /// khroma's `darken(c, amount)`: lightness minus `amount` percent.
    pub fn darken(self, amount: f64) -> Colour {
        self.adjust(0.0, 0.0, -amount)
    }

    /// khroma's `invert(c)`: every RGB channel `255 - v`, alpha kept.
    pub fn invert(self) -> Colour {
        Colour {
            r: 255.0 - self.r,
            g: 255.0 - self.g,
            b: 255.0 - self.b,
            a: self.a,
        }
    }

    /// Mermaid's `mkBorder`: a border for a fill, 40% less saturated and
    /// 10% darker (lighter in dark mode).
    pub fn border(self, dark_mode: bool) -> Colour {
        self.adjust(0.0, -40.0, if dark_mode { 10.0 } else { -10.0 })
    }

    /// The colour as CSS: `#rrggbb` when opaque, else `rgba(r, g, b, a)`.
    /// Channels round half up, as browsers round Mermaid's fractional
    /// `hsl()`/`rgb()` values.
    pub fn css(self) -> String {
        let channel = |v: f64| {
            // Undo float noise (khroma writes 10 decimals) before rounding,
            // so 246.49999999999997 counts as the 246.5 it stands for.
            let v = (v * 1e6).round() / 1e6;
            v.round().clamp(0.0, 255.0) as u8
        };
        let (r, g, b) = (channel(self.r), channel(self.g), channel(self.b));
        let a = (self.a.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
        if a >= 1.0 {
            // By hand: a palette spells about a hundred colours at start-up,
            // and the formatting machinery was a tenth of a one-node render.
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut out = String::with_capacity(7);
            out.push('#');
            for v in [r, g, b] {
                out.push(char::from(HEX[usize::from(v >> 4)]));
                out.push(char::from(HEX[usize::from(v & 15)]));
            }
            out
        } else {
            format!("rgba({r}, {g}, {b}, {a})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Colour;

    fn css(c: &str) -> Colour {
        Colour::parse(c).unwrap()
    }

    #[test]
    fn parses_and_writes_css_colours() {
        assert_eq!(css("#ECECFF").css(), "#ececff");
        assert_eq!(css("#333").css(), "#333333");
        assert_eq!(css("white").css(), "#ffffff");
        assert_eq!(css("lightgrey").css(), "#d3d3d3");
        assert_eq!(
            css("rgba(232,232,232, 0.8)").css(),
            "rgba(232, 232, 232, 0.8)"
        );
        assert_eq!(
            css("rgba(255, 255, 255, 0.25)").css(),
            "rgba(255, 255, 255, 0.25)"
        );
        assert!(Colour::parse("url(#x)").is_none() && Colour::parse("calculated").is_none());
    }

    #[test]
    fn derivations_follow_khroma() {
        // hsl(240, 100%, 96.27%) less 40% saturation and 10% lightness is
        // hsl(240, 60%, 86.27%) = rgb(199, 199, 241).
        assert_eq!(css("#ECECFF").border(false).css(), "#c7c7f1");
        // Greys have no hue: #181818 is 9.41% light, 25% more is 34.41%.
        assert_eq!(css("#181818").lighten(25.0).css(), "#585858");
        assert_eq!(css("#333").invert().css(), "#cccccc");
        // Hue wraps both ways.
        assert_eq!(css("#ff0000").adjust(-120.0, 0.0, 0.0).css(), "#0000ff");
        assert_eq!(css("#ff0000").adjust(600.0, 0.0, 0.0).css(), "#0000ff");
        // Lightness clamps at 0 and 100.
        assert_eq!(css("#808080").darken(80.0).css(), "#000000");
        assert_eq!(css("#808080").lighten(80.0).css(), "#ffffff");
    }

    #[test]
    fn halves_round_up_as_in_browsers() {
        // Mermaid writes rgb(229.5, 0, 0); Chromium draws rgb(230, 0, 0).
        assert_eq!(
            Colour {
                r: 229.5,
                g: 0.0,
                b: 0.0,
                a: 1.0
            }
            .css(),
            "#e60000"
        );
        assert_eq!(
            Colour {
                r: 246.49999999999997,
                g: 0.0,
                b: 0.0,
                a: 1.0
            }
            .css(),
            "#f70000"
        );
    }
}
