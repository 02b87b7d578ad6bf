//! Colours of Mermaid's themes, overridable by `themeVariables`.

use crate::model::Config;

/// The colours a diagram is drawn with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Node fill (`primaryColor`).
    pub node_fill: String,
    /// Node outline (`primaryBorderColor`).
    pub node_stroke: String,
    /// Node text (`primaryTextColor`).
    pub node_text: String,
    /// Edge lines and arrowheads (`lineColor`).
    pub line: String,
    /// Subgraph fill (`clusterBkg`).
    pub cluster_fill: String,
    /// Subgraph outline (`clusterBorder`).
    pub cluster_stroke: String,
    /// Subgraph title (`titleColor`).
    pub title_text: String,
    /// Edge label background (`edgeLabelBackground`).
    pub edge_label_fill: String,
    /// Edge label text (`textColor`).
    pub edge_text: String,
}

impl Theme {
    /// The theme `config` names (`default` when none or unknown), with its
    /// `themeVariables` applied.
    pub fn from_config(config: &Config) -> Theme {
        let mut t = match config.theme.as_deref().map(str::trim) {
            Some("dark") => Theme {
                node_fill: "#1f2020".into(),
                node_stroke: "#cccccc".into(),
                node_text: "#e0dfdf".into(),
                line: "#d3d3d3".into(),
                cluster_fill: "#333333".into(),
                cluster_stroke: "#727272".into(),
                title_text: "#f9fffe".into(),
                edge_label_fill: "#585858".into(),
                edge_text: "#cccccc".into(),
            },
            Some("forest") => Theme {
                node_fill: "#cde498".into(),
                node_stroke: "#13540c".into(),
                node_text: "#000000".into(),
                line: "#008000".into(),
                cluster_fill: "#cdffb2".into(),
                cluster_stroke: "#6eaa49".into(),
                title_text: "#333333".into(),
                edge_label_fill: "#e8e8e8".into(),
                edge_text: "#000000".into(),
            },
            Some("neutral") => Theme {
                node_fill: "#eeeeee".into(),
                node_stroke: "#999999".into(),
                node_text: "#333333".into(),
                line: "#666666".into(),
                cluster_fill: "#eeeeee".into(),
                cluster_stroke: "#707070".into(),
                title_text: "#333333".into(),
                edge_label_fill: "#ffffff".into(),
                edge_text: "#333333".into(),
            },
            _ => Theme {
                node_fill: "#ECECFF".into(),
                node_stroke: "#9370DB".into(),
                node_text: "#333333".into(),
                line: "#333333".into(),
                cluster_fill: "#ffffde".into(),
                cluster_stroke: "#aaaa33".into(),
                title_text: "#333333".into(),
                edge_label_fill: "#e8e8e8".into(),
                edge_text: "#333333".into(),
            },
        };
        for (name, value) in &config.theme_variables {
            let Some(value) = super::svg::css_value(value) else {
                continue;
            };
            let slot = match name.as_str() {
                "primaryColor" | "mainBkg" => &mut t.node_fill,
                "primaryBorderColor" | "nodeBorder" => &mut t.node_stroke,
                "primaryTextColor" | "nodeTextColor" => &mut t.node_text,
                "lineColor" => &mut t.line,
                "clusterBkg" => &mut t.cluster_fill,
                "clusterBorder" => &mut t.cluster_stroke,
                "titleColor" => &mut t.title_text,
                "edgeLabelBackground" => &mut t.edge_label_fill,
                "textColor" => &mut t.edge_text,
                _ => continue,
            };
            *slot = value;
        }
        t
    }
}
