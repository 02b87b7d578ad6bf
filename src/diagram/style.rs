//! What every graph family's `classDef` and `style` statements make:
//! CSS declarations the scene checks and writes (flowchart, state, and
//! the class and ER diagrams to come).

use std::collections::HashMap;

use crate::error::Span;
use crate::sanitize::css_value;
use crate::scene::Element;
use crate::theme::Role;

/// One CSS declaration from `style`, `classDef` or `linkStyle`, e.g.
/// `fill:#e8f5e8` as `("fill", "#e8f5e8")`. Both sides are trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleDecl {
    /// Property name, lower case (`fill`, `stroke-width`, `color`).
    pub property: String,
    /// Value as written (`#e8f5e8`, `4px`).
    pub value: String,
}

/// A `classDef name[,name] css` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDef {
    /// Class name (`default` applies to every node without a class).
    pub name: String,
    /// Its declarations, in source order.
    pub styles: Vec<StyleDecl>,
    /// The statement.
    pub span: Span,
}

/// The `classDef`s of a diagram by name.
pub(crate) type ClassDefs<'a> = HashMap<&'a str, &'a ClassDef>;

/// A style property that can take over from a theme colour.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Prop {
    /// `fill`.
    Fill,
    /// `stroke`.
    Stroke,
    /// `color` (text).
    Color,
}

/// Presentation settings from `classDef`s and `style`s, whitelisted.
#[derive(Debug, Default, Clone)]
pub(crate) struct Style {
    pub fill: Option<String>,
    pub stroke: Option<String>,
    pub stroke_width: Option<String>,
    pub dasharray: Option<String>,
    pub color: Option<String>,
    pub opacity: Option<String>,
    pub font_weight: Option<String>,
    pub font_style: Option<String>,
    /// Outline drawn under text so lines behind it are masked.
    pub halo: Option<String>,
}

impl Style {
    /// `classDef default` (when `with_default`: nodes and states, not
    /// edges or pseudo-states), then each class in order, then the
    /// element's own `style` declarations; later ones win.
    pub fn resolve(defs: &ClassDefs, classes: &[String], own: &[StyleDecl], with_default: bool) -> Style {
        let mut s = Style::default();
        if with_default {
            if let Some(d) = defs.get("default") {
                s.apply(&d.styles);
            }
        }
        for c in classes {
            if let Some(d) = defs.get(c.as_str()) {
                s.apply(&d.styles);
            }
        }
        s.apply(own);
        s
    }

    fn apply(&mut self, decls: &[StyleDecl]) {
        for d in decls {
            let Some(v) = css_value(&d.value) else {
                continue;
            };
            let slot = match d.property.trim().to_ascii_lowercase().as_str() {
                "fill" | "background" | "background-color" => &mut self.fill,
                "stroke" | "border-color" => &mut self.stroke,
                "stroke-width" => &mut self.stroke_width,
                "stroke-dasharray" => &mut self.dasharray,
                "color" => &mut self.color,
                "opacity" => &mut self.opacity,
                "font-weight" => &mut self.font_weight,
                "font-style" => &mut self.font_style,
                _ => continue,
            };
            *slot = Some(v.trim_end_matches("px").to_string());
        }
    }

    /// The roles whose property this style leaves to the theme.
    pub fn unset(&self, wanted: &[(Prop, Role)]) -> Vec<Role> {
        wanted
            .iter()
            .filter(|(prop, _)| {
                match prop {
                    Prop::Fill => &self.fill,
                    Prop::Stroke => &self.stroke,
                    Prop::Color => &self.color,
                }
                .is_none()
            })
            .map(|&(_, role)| role)
            .collect()
    }

    /// `e` with this style's opacity and dashes, in that order.
    pub fn extra(&self, e: Element) -> Element {
        e.maybe("opacity", self.opacity.as_deref())
            .maybe("stroke-dasharray", self.dasharray.as_deref())
    }
}
